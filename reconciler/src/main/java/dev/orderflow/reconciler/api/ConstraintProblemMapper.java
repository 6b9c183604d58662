package dev.orderflow.reconciler.api;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/** Invalid request parameters as {@code application/problem+json} naming the field. */
@Provider
public class ConstraintProblemMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream().map(v -> {
            String path = v.getPropertyPath().toString();
            String field = path.substring(path.lastIndexOf('.') + 1);
            return Map.of("field", field, "message", v.getMessage());
        }).toList();
        String detail = errors.stream().map(m -> m.get("field") + " " + m.get("message")).reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return Response.status(400).type("application/problem+json").entity(Map.of(
                "type", "https://orderflow.dev/problems/invalid-request", "title", "Invalid request", "status", 400,
                "detail", detail, "errors", errors)).build();
    }
}
