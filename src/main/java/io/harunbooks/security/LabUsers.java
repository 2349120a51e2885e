package io.harunbooks.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lab only: puts the demo admin into the {@code operators} group (the candidate group of every runbook user task)
 * and prints how to log in.
 */
@Component
@Profile("lab")
class LabUsers {

    private static final Logger log = LoggerFactory.getLogger(LabUsers.class);
    static final String OPERATORS = "operators";

    private final IdentityService identity;
    private final String adminId;

    LabUsers(IdentityService identity, @Value("${camunda.bpm.admin-user.id}") String adminId) {
        this.identity = identity;
        this.adminId = adminId;
    }

    @EventListener
    void setUp(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        if (identity.createGroupQuery().groupId(OPERATORS).singleResult() == null) {
            Group g = identity.newGroup(OPERATORS);
            g.setName("Operators");
            g.setType("WORKFLOW");
            identity.saveGroup(g);
        }
        if (identity.createUserQuery().userId(adminId).memberOfGroup(OPERATORS).singleResult() == null) {
            identity.createMembership(adminId, OPERATORS);
        }
        log.info("""

                ==========================================================================
                 ha-runbooks lab is up. Log in at http://localhost:{}/camunda/app/tasklist
                 (Cockpit: /camunda/app/cockpit) as user '{}' with password 'demo' (lab only).
                 Break the lab:  curl -u demo:demo -X POST \
                http://localhost:{}/api/lab/clusters/msg-lab/faults/two-masters
                 Start a run:    curl -u demo:demo -H 'Content-Type: application/json' \
                -d '{"cluster":"msg-lab"}' http://localhost:{}/api/runbooks/controller-split-brain/runs
                ==========================================================================""",
                port, adminId, port, port);
    }
}
