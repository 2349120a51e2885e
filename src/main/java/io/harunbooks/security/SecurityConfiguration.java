package io.harunbooks.security;

import io.harunbooks.alerts.AlertTokenFilter;
import io.harunbooks.alerts.AlertsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
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

    /** The engine's HTTP-basic filter, except for alert webhooks, which {@link AlertTokenFilter} has checked. */
    static final class BasicAuthenticationFilter extends ProcessEngineAuthenticationFilter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws java.io.IOException, ServletException {
            if (request instanceof HttpServletRequest http && AlertTokenFilter.isWebhook(http)) {
                chain.doFilter(request, response);
                return;
            }
            super.doFilter(request, response, chain);
        }
    }
}
