package io.harunbooks.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

import java.util.List;

/**
 * The person logged in to the Camunda webapps (Cockpit, Tasklist) in this browser session, if any: the webapps keep
 * their {@link Authentications} in the HTTP session under {@code authenticatedUser}, one per engine. Read only: a
 * request without a session, or whose session has no log-in for that engine, has none; nothing is created.
 */
final class WebappSession {

    /** Session attribute of the webapps' authentications (AuthenticationUtil.CAM_AUTH_SESSION_KEY). */
    static final String ATTRIBUTE = "authenticatedUser";

    record User(String id, List<String> groupIds, List<String> tenantIds) {
    }

    private WebappSession() {
    }

    static User user(HttpServletRequest request, String engineName) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object attribute;
        try {
            attribute = session.getAttribute(ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return null;
        }
        if (!(attribute instanceof Authentications authentications)) {
            return null;
        }
        Authentication auth = authentications.getAuthenticationForProcessEngine(engineName);
        if (!(auth instanceof UserAuthentication user) || user.getIdentityId() == null) {
            return null;
        }
        return new User(user.getIdentityId(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()),
                user.getTenantIds() == null ? List.of() : List.copyOf(user.getTenantIds()));
    }
}
