package io.harunbooks.sql;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code runbooks.sql.*}.
 *
 * @param connectTimeout TCP connect and login timeout of a database connection
 * @param queryTimeout   default time a query may take when its step sets no {@code timeout}
 */
@Validated
@ConfigurationProperties("runbooks.sql")
public record SqlProperties(@NotNull @DefaultValue("5s") Duration connectTimeout,
                            @NotNull @DefaultValue("30s") Duration queryTimeout) {
}
