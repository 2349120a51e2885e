package io.harunbooks.security;

import io.harunbooks.support.CamundaWebapps;
import io.harunbooks.support.LabApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cockpit plugin reads {@code /api} with the browser's Camunda webapp session, not with HTTP basic: a session
 * cookie from a real webapp log-in is accepted for reading and never for changing; no cookie or a foreign one is 401.
 */
class WebappSessionApiIT extends LabApplication {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void webappsOfThisContext() {
        CamundaWebapps.restoreRuntimeDelegates();
    }

    @Test
    void aWebappSessionCookieReadsTheJournalButChangesNothing() throws Exception {
        injectFault("two-masters");
        String id = post("/api/runbooks/controller-split-brain/runs", "{\"cluster\": \"msg-lab\"}").json()
                .get("id").asText();
        awaitTask("Task_ChooseMaster");

        Browser demoBrowser = login("demo", "demo");
        String demo = demoBrowser.cookies();
        HttpResponse<String> journal = send("GET", "/api/runs/" + id + "/journal", demo);
        assertThat(journal.statusCode()).as(journal.body()).isEqualTo(200);
        assertThat(journal.body()).contains("\"kind\":\"COMMAND\"").contains("ipros_cluster_show").contains("vkt04");
        assertThat(send("GET", "/api/runs/" + id + "/report?format=html", demo).statusCode()).isEqualTo(200);

        assertThat(send("GET", "/api/runs/" + id + "/journal", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/runs/" + id + "/journal", "JSESSIONID=0123456789ABCDEF").statusCode())
                .isEqualTo(401);
        // changing needs HTTP basic: a session alone (a forged cross-site form, say) starts nothing
        long before = runtimeService.createProcessInstanceQuery().count();
        assertThat(send("POST", "/api/runbooks/controller-split-brain/runs", demo).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/lab/clusters/msg-lab/faults/two-masters", demo).statusCode()).isEqualTo(401);
        assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(before);

        // the session's user and its groups decide, as with HTTP basic: the auditor reads
        String auditor = login("auditor", "auditor").cookies();
        assertThat(send("GET", "/api/runs/" + id + "/journal", auditor).statusCode()).isEqualTo(200);

        // logged out: the cookie no longer counts
        assertThat(demoBrowser.logout().statusCode()).isLessThan(400);
        assertThat(send("GET", "/api/runs/" + id + "/journal", demo).statusCode()).isEqualTo(401);
    }

    /** A browser's cookies. */
    private final class Browser {
        final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(jar).connectTimeout(Duration.ofSeconds(5)).build();

        String cookies() {
            return jar.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
        }

        /** A page view: gives a session its CSRF token (cookie XSRF-TOKEN, sent back as header X-XSRF-TOKEN). */
        void openCockpit() throws IOException, InterruptedException {
            assertThat(http.send(HttpRequest.newBuilder(uri("/camunda/app/cockpit/default/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", xsrf(cookies()).orElseThrow())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> logout() throws IOException, InterruptedException {
            openCockpit();
            return postForm("/camunda/api/admin/auth/user/default/logout", "");
        }
    }

    /** Logs in to Cockpit as the browser does: the log-in page, then the log-in form posted. */
    private Browser login(String user, String password) throws IOException, InterruptedException {
        Browser browser = new Browser();
        browser.openCockpit();
        HttpResponse<String> r = browser.postForm("/camunda/api/admin/auth/user/default/login/cockpit",
                "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(browser.cookies()).contains("JSESSIONID=");
        return browser;
    }

    private HttpResponse<String> send(String method, String path, String cookies)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{\"cluster\": \"msg-lab\"}")
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (cookies != null) {
            request.header("Cookie", cookies);
            xsrf(cookies).ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Optional<String> xsrf(String cookies) {
        for (String c : cookies.split("; ")) {
            if (c.startsWith("XSRF-TOKEN=")) {
                return java.util.Optional.of(c.substring("XSRF-TOKEN=".length()));
            }
        }
        return java.util.Optional.empty();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
