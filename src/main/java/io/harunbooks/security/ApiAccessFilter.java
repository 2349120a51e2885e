package io.harunbooks.security;

import io.harunbooks.alerts.AlertTokenFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Who may use the project's {@code /api} once logged in (runs after the authentication filter, which made the user
 * the engine's current authentication): reading needs one of the groups operators, auditors or camunda-admin;
 * anything else (starting runbooks, lab faults) operators or camunda-admin. Otherwise 403 saying which groups would
 * do. Alert webhooks are not concerned: their bearer token was checked before.
 */
final class ApiAccessFilter extends OncePerRequestFilter {

    private static final Set<String> READERS = Set.of(AuthorizationSetup.OPERATORS, AuthorizationSetup.AUDITORS,
            AuthorizationSetup.ADMINS);
    private static final Set<String> WRITERS = Set.of(AuthorizationSetup.OPERATORS, AuthorizationSetup.ADMINS);

    private final IdentityService identity;

    ApiAccessFilter(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (AlertTokenFilter.isWebhook(request)) {
            chain.doFilter(request, response);
            return;
        }
        Authentication auth = identity.getCurrentAuthentication();
        boolean reading = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        Set<String> allowed = reading ? READERS : WRITERS;
        List<String> groups = auth == null || auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
        if (auth != null && groups.stream().anyMatch(allowed::contains)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\": 403, \"error\": \"user '" + (auth == null ? "?" : auth.getUserId())
                .replace("\"", "") + "' may not " + (reading ? "read" : "change") + " this: it needs one of the groups "
                + allowed.stream().sorted().toList() + "\"}");
    }
}
