package io.relationshippolicy.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns every error the framework raises (unknown route, wrong method, malformed JSON, failed validation,
 * 401/403 from security) into problem+json. Framework messages can name Java types; those are rewritten
 * so that no class name or stack trace reaches a caller.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final Pattern JAVA_TYPE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        List<Problem.FieldError> errors = context.getErrors().stream()
                .map(e -> new Problem.FieldError(e.getPath().orElse(null), clean(e.getMessage())))
                .toList();
        String detail = errors.isEmpty() ? defaultDetail(status) : errors.get(0).message();
        if (errors.size() > 1) {
            detail = errors.size() + " problems: " + String.join("; ", errors.stream().map(Problem.FieldError::message).toList());
        }
        Problem problem = new Problem("about:blank", title(status, context.getErrors()), status.getCode(),
                advice(status, detail), errors.size() > 1 ? errors : null);
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static String title(HttpStatus status, List<Error> errors) {
        return errors.stream().map(Error::getTitle).flatMap(java.util.Optional::stream).findFirst()
                .orElse(status.getReason());
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String cleaned = JAVA_TYPE.matcher(message).replaceAll("value");
        int at = cleaned.indexOf("\n at [Source");
        return at > 0 ? cleaned.substring(0, at) : cleaned;
    }

    private static String defaultDetail(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "A valid bearer token is required: send 'Authorization: Bearer <JWT>'.";
            case FORBIDDEN -> "Your token's roles or tenant do not allow this route.";
            case NOT_FOUND -> "No resource at this path. See the OpenAPI document at /openapi.";
            case METHOD_NOT_ALLOWED -> "This path does not accept that method. See the OpenAPI document at /openapi.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case REQUEST_ENTITY_TOO_LARGE -> "The body is larger than the service accepts; send a smaller request.";
            default -> status.getReason();
        };
    }

    private static String advice(HttpStatus status, String detail) {
        if (status == HttpStatus.UNAUTHORIZED && !detail.contains("Bearer")) {
            return detail + " A valid bearer token is required: send 'Authorization: Bearer <JWT>'.";
        }
        return detail;
    }
}
