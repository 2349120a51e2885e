package io.harunbooks.security;

import io.harunbooks.HaRunbooksApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminPasswordGuardTest {

    private final AdminPasswordGuard guard = new AdminPasswordGuard();

    @Test
    void productionWithoutAdminPasswordRefusesToStart() {
        MockEnvironment env = new MockEnvironment().withProperty(AdminPasswordGuard.PASSWORD_PROPERTY, "");

        assertThatThrownBy(() -> guard.postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("No admin password configured")
                .hasMessageContaining("RUNBOOKS_ADMIN_PASSWORD");
    }

    @Test
    void configuredPasswordOrLabProfileStarts() {
        MockEnvironment prod = new MockEnvironment().withProperty(AdminPasswordGuard.PASSWORD_PROPERTY, "s3cret");
        MockEnvironment lab = new MockEnvironment();
        lab.setActiveProfiles("lab");

        assertThatCode(() -> guard.postProcessEnvironment(prod, new SpringApplication())).doesNotThrowAnyException();
        assertThatCode(() -> guard.postProcessEnvironment(lab, new SpringApplication())).doesNotThrowAnyException();
    }

    @Test
    void theRealApplicationStopsBeforeStartingAnything() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(HaRunbooksApplication.class)
                .web(WebApplicationType.NONE)
                .properties("camunda.bpm.admin-user.password=")
                .run())
                .hasMessageContaining("No admin password configured: refusing to start");
    }
}
