package io.harunbooks.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The two groups of people besides the administrators, with Camunda authorizations (enabled in application.yaml):
 * {@value #OPERATORS} start runbooks, decide their user tasks and retry incidents (Tasklist, Cockpit, REST);
 * {@value #AUDITORS} only read: runbooks, runs and their history (Cockpit), never a task. Created on every start
 * where missing; permissions already granted are kept.
 */
@Component
public class AuthorizationSetup {

    public static final String OPERATORS = "operators";
    public static final String AUDITORS = "auditors";
    /** The administrators' group the Camunda starter creates with every permission. */
    public static final String ADMINS = "camunda-admin";

    private static final Logger log = LoggerFactory.getLogger(AuthorizationSetup.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    AuthorizationSetup(IdentityService identity, AuthorizationService authorizations) {
        this.identity = identity;
        this.authorizations = authorizations;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void setUp() {
        group(OPERATORS, "Operators");
        group(AUDITORS, "Auditors");

        grant(OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(OPERATORS, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.CREATE_INSTANCE,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE,
                ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.UPDATE_TASK,
                ProcessDefinitionPermissions.TASK_WORK, ProcessDefinitionPermissions.RETRY_JOB,
                ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE,
                ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
        grant(OPERATORS, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.CREATE,
                ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE, ProcessInstancePermissions.RETRY_JOB);
        grant(OPERATORS, Resources.TASK, "*", TaskPermissions.READ, TaskPermissions.UPDATE, TaskPermissions.TASK_WORK,
                TaskPermissions.READ_HISTORY);
        grant(OPERATORS, Resources.DEPLOYMENT, "*", Permissions.READ);
        grant(OPERATORS, Resources.FILTER, "*", Permissions.READ);

        grant(AUDITORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(AUDITORS, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
        grant(AUDITORS, Resources.DEPLOYMENT, "*", Permissions.READ);
        log.info("Authorization: groups '{}' (run runbooks, decide tasks) and '{}' (read only) are set up",
                OPERATORS, AUDITORS);
    }

    private void group(String id, String name) {
        if (identity.createGroupQuery().groupId(id).singleResult() == null) {
            Group g = identity.newGroup(id);
            g.setName(name);
            g.setType("WORKFLOW");
            identity.saveGroup(g);
        }
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        List<Authorization> existing = authorizations.createAuthorizationQuery().groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).list();
        Authorization a = existing.stream().filter(x -> x.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT)
                .findFirst().orElseGet(() -> {
                    Authorization created = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                    created.setGroupId(group);
                    created.setResource(resource);
                    created.setResourceId(resourceId);
                    return created;
                });
        for (Permission p : permissions) {
            a.addPermission(p);
        }
        authorizations.saveAuthorization(a);
    }
}
