package io.harunbooks.support;

import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.impl.DefaultAdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.impl.DefaultCockpitRuntimeDelegate;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.impl.DefaultTasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.impl.DefaultWelcomeRuntimeDelegate;

/**
 * The Camunda webapps (Cockpit, Tasklist, Admin, Welcome) keep their runtime delegates in JVM-wide static fields,
 * set when a web application context starts and set to null when one stops. Spring keeps several test contexts in
 * one JVM and closes those of {@code @DirtiesContext} tests, which leaves the webapps of every other context
 * answering 500. Tests that use the webapps' pages or log-in call {@link #restoreRuntimeDelegates()} first (as
 * {@link LabApplicationClient} makes its engine the default one).
 */
public final class CamundaWebapps {

    private CamundaWebapps() {
    }

    public static void restoreRuntimeDelegates() {
        Cockpit.setCockpitRuntimeDelegate(new DefaultCockpitRuntimeDelegate());
        Tasklist.setTasklistRuntimeDelegate(new DefaultTasklistRuntimeDelegate());
        Admin.setAdminRuntimeDelegate(new DefaultAdminRuntimeDelegate());
        Welcome.setRuntimeDelegate(new DefaultWelcomeRuntimeDelegate());
    }
}
