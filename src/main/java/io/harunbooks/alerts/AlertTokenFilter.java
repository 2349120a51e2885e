package io.harunbooks.alerts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the bearer token of a webhook ({@code POST /api/alerts/<source>}) against the source's configured token, in
 * constant time. Without a configured token the source is refused. Tokens are never logged.
 */
public class AlertTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AlertTokenFilter.class);
    /** Paths the token (and not HTTP basic) protects. */
    public static final Pattern WEBHOOK = Pattern.compile("^/api/alerts/([a-z]+)/?$");

    private final AlertsProperties properties;

    public AlertTokenFilter(AlertsProperties properties) {
        this.properties = properties;
    }

    public static boolean isWebhook(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && WEBHOOK.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isWebhook(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = WEBHOOK.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        String source = m.matches() ? m.group(1) : "";
        AlertsProperties.Source configured = properties.sources().get(source);
        String header = request.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : null;
        if (configured == null || configured.token() == null || configured.token().isBlank()) {
            log.warn("Webhook request for source '{}' refused: no token configured for it "
                    + "(runbooks.alerts.sources.{}.token)", source, source);
            unauthorized(response, "no token is configured for alert source '" + source + "'");
            return;
        }
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                configured.token().getBytes(StandardCharsets.UTF_8))) {
            unauthorized(response, presented == null ? "a bearer token is required" : "wrong bearer token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void unauthorized(HttpServletResponse response, String why) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ha-runbooks alerts\"");
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":401,\"error\":\"" + why + "\"}");
    }
}
