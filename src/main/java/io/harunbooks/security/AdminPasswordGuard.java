package io.harunbooks.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses a production start (no {@code lab} profile) without a configured admin password, before anything starts:
 * the Camunda starter would otherwise create the admin user with a guessable password.
 */
public class AdminPasswordGuard implements EnvironmentPostProcessor {

    static final String PASSWORD_PROPERTY = "camunda.bpm.admin-user.password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.acceptsProfiles(Profiles.of("lab"))) {
            return;
        }
        String password = environment.getProperty(PASSWORD_PROPERTY);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("""
                    No admin password configured: refusing to start.
                    Set RUNBOOKS_ADMIN_PASSWORD (and optionally RUNBOOKS_ADMIN_USER, default 'admin') in the \
                    environment, or start the lab with the profile 'lab' (mvn spring-boot:run does) to use the \
                    demo user.""");
        }
    }
}
