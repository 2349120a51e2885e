package io.harunbooks.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * The engine's REST API ({@code /engine-rest}) as the Camunda starter configures it, with one change: a start the
 * engine refuses because of its variables ({@link NotValidException}, e.g. from
 * {@link io.harunbooks.runs.StartVariablesPlugin}) is answered 400 with the reason, not the 500 "Cannot instantiate
 * process definition" Camunda's resource turns every start failure into.
 */
@Component
@ApplicationPath("/engine-rest")
public class EngineRestConfiguration extends CamundaJerseyResourceConfig {

    @Override
    protected void registerAdditionalResources() {
        register(RefusedRequestMapper.class);
    }

    /** Replaces Camunda's mapper of {@link RestException}: the same answers, but 400 for refused values. */
    @Priority(Priorities.USER - 1000)
    public static final class RefusedRequestMapper implements ExceptionMapper<RestException> {

        @Override
        public Response toResponse(RestException exception) {
            if (exception.getCause() instanceof NotValidException refused) {
                ExceptionDto dto = ExceptionHandlerHelper.getInstance().fromException(refused);
                dto.setMessage(exception.getMessage());
                return Response.status(Response.Status.BAD_REQUEST).entity(dto).type(MediaType.APPLICATION_JSON_TYPE)
                        .build();
            }
            return ExceptionHandlerHelper.getInstance().getResponse(exception);
        }
    }
}
