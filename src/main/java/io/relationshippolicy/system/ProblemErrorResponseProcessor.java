package io.relationshippolicy.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every error the framework raises (unknown route, wrong method, malformed JSON, a body of the wrong
 * shape, failed validation, 401/403 from security, any failure) into problem+json with a detail that says
 * what to fix. Framework messages can name Java types; those are rewritten, and a server error never
 * carries its cause: the caller gets a reference, the service log gets the exception.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);
    private static final Pattern JAVA_TYPE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    private static final Pattern SERDE_TOKENS = Pattern.compile("Unexpected token (\\w+), expected (\\w+)");

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        Problem problem = status.getCode() >= 500 ? serverError(context, status) : clientError(context, status);
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static Problem serverError(ErrorContext context, HttpStatus status) {
        String reference = UUID.randomUUID().toString();
        HttpRequest<?> request = context.getRequest();
        LOG.error("{} {} failed with {} (reference {})", request.getMethodName(), Logs.safe(request.getPath()),
                status.getCode(), reference, context.getRootCause().orElse(null));
        String detail = status == HttpStatus.SERVICE_UNAVAILABLE
                ? "The service is not ready to answer; try again shortly. Reference: " + reference + "."
                : "The service could not complete this request and nothing was changed. If it happens again, "
                  + "give the operator this reference: " + reference + ".";
        return Problem.of(status.getCode(), status.getReason(), detail);
    }

    private static Problem clientError(ErrorContext context, HttpStatus status) {
        Optional<Throwable> cause = context.getRootCause();
        if (cause.isPresent() && cause.get() instanceof ConversionErrorException conversion) {
            return bodyShape(conversion);
        }
        List<Problem.FieldError> errors = context.getErrors().stream()
                .map(e -> new Problem.FieldError(e.getPath().orElse(null), clean(e.getMessage())))
                .toList();
        String detail = errors.isEmpty() ? "" : errors.get(0).message();
        if (errors.size() > 1) {
            detail = errors.size() + " problems: " + String.join("; ", errors.stream().map(Problem.FieldError::message).toList());
        }
        String title = title(status, context.getErrors());
        switch (status) {
            case UNAUTHORIZED -> detail = unauthorized(context.getRequest());
            case FORBIDDEN -> detail = forbidden(context.getRequest());
            case NOT_FOUND -> detail = "No resource at " + Logs.safe(context.getRequest().getPath())
                    + ". The routes are listed in the OpenAPI document at /openapi.";
            case BAD_REQUEST -> {
                if (detail.startsWith("Required Body")) {
                    title = "Body required";
                    detail = "This route needs a JSON body (Content-Type: application/json); see the OpenAPI document at /openapi.";
                } else if (detail.startsWith("Invalid JSON")) {
                    detail = detail + ". Send a well-formed JSON object.";
                } else if (detail.isEmpty()) {
                    detail = "The request is not valid; see the OpenAPI document at /openapi.";
                }
            }
            case UNSUPPORTED_MEDIA_TYPE -> detail = (detail.isEmpty() ? "" : detail + ". ")
                    + "Send the body as application/json.";
            case REQUEST_ENTITY_TOO_LARGE -> detail = (detail.isEmpty() ? "The body is larger than the service accepts" : detail)
                    + ". Send a smaller request.";
            default -> {
                if (detail.isEmpty()) {
                    detail = status.getReason();
                }
            }
        }
        return new Problem("about:blank", title, status.getCode(), detail, errors.size() > 1 ? errors : null);
    }

    /** A JSON body that parsed but does not have the shape of the route's body: say what was found and what is expected. */
    private static Problem bodyShape(ConversionErrorException conversion) {
        String argument = conversion.getArgument().getName();
        String found = conversion.getConversionError().getCause() == null ? "" : conversion.getConversionError().getCause().getMessage();
        String what = "";
        Matcher tokens = SERDE_TOKENS.matcher(found == null ? "" : found);
        if (tokens.find()) {
            what = " It has " + token(tokens.group(1)) + " where " + token(tokens.group(2)) + " is expected.";
        }
        if (!"body".equals(argument)) {
            return Problem.of(400, "Invalid parameter", "The value of '" + argument + "' is not valid." + what);
        }
        String expected = JsonShapes.describe(conversion.getArgument().getType());
        return Problem.of(400, "Invalid body", "The JSON body does not have the shape this route expects." + what
                + (expected.isEmpty() ? "" : " Expected: " + expected + "."));
    }

    private static String token(String token) {
        return switch (token) {
            case "START_OBJECT", "END_OBJECT" -> "an object";
            case "START_ARRAY", "END_ARRAY" -> "an array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
            case "VALUE_NULL" -> "null";
            default -> "another value";
        };
    }

    private static String unauthorized(HttpRequest<?> request) {
        Optional<String> header = request.getHeaders().findFirst(HttpHeaders.AUTHORIZATION);
        if (header.isEmpty()) {
            return "This route needs a bearer token: send 'Authorization: Bearer <JWT>'.";
        }
        if (!header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "The Authorization header must read 'Bearer <JWT>'.";
        }
        return "The bearer token was refused: it is malformed, expired, not yet valid (nbf or iat in the future), "
                + "names a role other than PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE or AUDITOR, signed with a key "
                + "the service does not trust, or issued for another issuer or audience. Get a new token and send 'Authorization: Bearer <JWT>'.";
    }

    private static String forbidden(HttpRequest<?> request) {
        List<String> required = RouteAttributes.getRouteInfo(request)
                .map(route -> List.of(route.getAnnotationMetadata().stringValues(Secured.class)))
                .orElse(List.of());
        List<String> held = request.getUserPrincipal(Authentication.class)
                .map(a -> List.copyOf(new TreeSet<>(a.getRoles()))).orElse(List.of());
        if (required.isEmpty()) {
            return "Your token's roles " + held + " do not allow this route.";
        }
        return "This route is for the roles " + required + "; your token carries " + held + ".";
    }

    private static String title(HttpStatus status, List<Error> errors) {
        return errors.stream().map(Error::getTitle).flatMap(Optional::stream).findFirst()
                .orElse(status.getReason());
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String cleaned = JAVA_TYPE.matcher(message).replaceAll("value");
        int at = cleaned.indexOf("\n at [Source");
        cleaned = at > 0 ? cleaned.substring(0, at) : cleaned;
        return cleaned.strip();
    }
}
