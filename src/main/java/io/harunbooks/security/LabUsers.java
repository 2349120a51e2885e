package io.harunbooks.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lab only: puts the demo admin into the {@code operators} group (the candidate group of every runbook user task),
 * creates the sample users {@code operator}/{@code operator} (operators) and {@code auditor}/{@code auditor}
 * (auditors, read only), and prints how to log in.
 */
@Component
@Profile("lab")
class LabUsers {

    private static final Logger log = LoggerFactory.getLogger(LabUsers.class);

    private final IdentityService identity;
    private final AuthorizationSetup authorizationSetup;
    private final String adminId;

    LabUsers(IdentityService identity, AuthorizationSetup authorizationSetup,
             @Value("${camunda.bpm.admin-user.id}") String adminId) {
        this.identity = identity;
        this.authorizationSetup = authorizationSetup;
        this.adminId = adminId;
    }

    /** A lab user whose password is its name (lab only). */
    private void user(String id, String first, String last, String group) {
        if (identity.createUserQuery().userId(id).singleResult() == null) {
            User u = identity.newUser(id);
            u.setFirstName(first);
            u.setLastName(last);
            u.setPassword(id);
            identity.saveUser(u);
        }
        member(id, group);
    }

    private void member(String user, String group) {
        if (identity.createUserQuery().userId(user).memberOfGroup(group).singleResult() == null) {
            identity.createMembership(user, group);
        }
    }

    @EventListener
    void setUp(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        authorizationSetup.setUp();
        member(adminId, AuthorizationSetup.OPERATORS);
        user("operator", "Lab", "Operator", AuthorizationSetup.OPERATORS);
        user("auditor", "Lab", "Auditor", AuthorizationSetup.AUDITORS);
        log.info("""

                ==========================================================================
                 ha-runbooks lab is up. Log in at http://localhost:{}/camunda/app/tasklist
                 (Cockpit: /camunda/app/cockpit) as user '{}' with password 'demo' (lab only);
                 also 'operator'/'operator' (operators) and 'auditor'/'auditor' (read only).
                 Break the lab:  curl -u demo:demo -X POST \
                http://localhost:{}/api/lab/clusters/msg-lab/faults/two-masters
                 Start a run:    curl -u demo:demo -H 'Content-Type: application/json' \
                -d '{"cluster":"msg-lab"}' http://localhost:{}/api/runbooks/controller-split-brain/runs
                ==========================================================================""",
                port, adminId, port, port);
    }
}
