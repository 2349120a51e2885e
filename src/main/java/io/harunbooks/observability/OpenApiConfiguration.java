package io.harunbooks.observability;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description of {@code /api} (springdoc, at {@code /v3/api-docs}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI runbooksApi() {
        return new OpenAPI()
                .info(new Info().title("ha-runbooks API").version("1")
                        .description("Start runbooks on clusters of the inventory (or plans of them), read their "
                                + "journal and report; alert webhooks for Alertmanager, Zabbix and check_mk. "
                                + "HTTP basic with an engine user (groups operators, auditors); webhooks take a "
                                + "bearer token per source."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("webhookToken",
                                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
