package io.harunbooks.security;

import io.harunbooks.alerts.AlertTokenFilter;
import io.harunbooks.alerts.AlertsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Log-in everywhere: the Camunda webapps have their own log-in; {@code /engine-rest} and the project's {@code /api}
 * require HTTP basic credentials of an engine user (401 otherwise), checked by the engine's own authentication filter,
 * which also makes the user the engine's current authentication for the request.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        return basicAuth("engine-rest-authentication", "/engine-rest/*");
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> apiAuthentication() {
        return basicAuth("api-authentication", "/api/*");
    }

    /** After log-in: which groups may read or change through {@code /api}. */
    @Bean
    FilterRegistrationBean<ApiAccessFilter> apiAccess(org.camunda.bpm.engine.IdentityService identity) {
        FilterRegistrationBean<ApiAccessFilter> registration = new FilterRegistrationBean<>(new ApiAccessFilter(identity));
        registration.setName("api-access");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(2);
        return registration;
    }

    /** Webhooks of alerting systems carry a bearer token per source instead of a person's credentials. */
    @Bean
    FilterRegistrationBean<AlertTokenFilter> alertWebhookAuthentication(AlertsProperties alerts) {
        FilterRegistrationBean<AlertTokenFilter> registration = new FilterRegistrationBean<>(new AlertTokenFilter(alerts));
        registration.setName("alert-webhook-authentication");
        registration.addUrlPatterns("/api/alerts/*");
        registration.setOrder(0);
        return registration;
    }

    private static FilterRegistrationBean<ProcessEngineAuthenticationFilter> basicAuth(String name, String pattern) {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new BasicAuthenticationFilter());
        registration.setName(name);
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns(pattern);
        registration.setOrder(1);
        return registration;
    }

    /**
     * The engine's HTTP-basic filter, except for alert webhooks, which {@link AlertTokenFilter} has checked, and for
     * reading {@code /api} from a browser logged in to the Camunda webapps (the Cockpit plugin): a GET or HEAD
     * without an {@code Authorization} header whose HTTP session holds the webapps' log-in for the default engine
     * runs as that user (its groups then decide, in {@link ApiAccessFilter}). Changes always need HTTP basic, so a
     * session cookie alone can never start anything (no cross-site request forgery).
     */
    static final class BasicAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws java.io.IOException, ServletException {
            if (request instanceof HttpServletRequest http && AlertTokenFilter.isWebhook(http)) {
                chain.doFilter(request, response);
                return;
            }
            if (request instanceof HttpServletRequest http && http.getHeader("Authorization") == null
                    && ("GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod()))
                    && http.getRequestURI().startsWith(http.getContextPath() + "/api/")) {
                ProcessEngine engine = getAddressedEngine(DEFAULT_ENGINE_NAME);
                WebappSession.User user = engine == null ? null : WebappSession.user(http, engine.getName());
                if (user != null) {
                    setAuthenticatedUser(engine, user.id(), user.groupIds(), user.tenantIds());
                    try {
                        chain.doFilter(request, response);
                    } finally {
                        clearAuthentication(engine);
                    }
                    return;
                }
            }
            super.doFilter(request, response, chain);
        }
    }
}
