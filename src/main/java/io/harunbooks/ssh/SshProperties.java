package io.harunbooks.ssh;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code runbooks.ssh.*}.
 *
 * @param connectTimeout  TCP connect and handshake timeout
 * @param commandTimeout  default time a command may run when its step sets no {@code timeout}
 * @param keepAlive       keep-alive interval of pooled connections
 * @param maxOutputBytes  bytes of stdout and of stderr kept per command (the rest is counted and dropped)
 */
@Validated
@ConfigurationProperties("runbooks.ssh")
public record SshProperties(@NotNull @DefaultValue("10s") Duration connectTimeout,
                            @NotNull @DefaultValue("5m") Duration commandTimeout,
                            @NotNull @DefaultValue("15s") Duration keepAlive,
                            @Min(1024) @DefaultValue("65536") int maxOutputBytes) {
}
