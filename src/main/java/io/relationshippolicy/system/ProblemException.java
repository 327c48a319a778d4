package io.relationshippolicy.system;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** A request the service refuses, with what was wrong and how to fix it. Nothing has changed when it is thrown. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Long retryAfterSeconds;

    public ProblemException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(HttpStatus status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, errors, null);
    }

    /** {@code retryAfterSeconds}: for a refusal that passes by itself (429, 503), when to try again. */
    public ProblemException(HttpStatus status, String title, String detail, List<Problem.FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When to try again; null when the request should not simply be repeated. */
    public Long retryAfterSeconds() {
        if (retryAfterSeconds == null && status == HttpStatus.SERVICE_UNAVAILABLE) {
            return 5L;
        }
        return retryAfterSeconds;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, what + " not found",
                "No " + what.toLowerCase() + " with id '" + id + "' exists. Check the id, or create it first.");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "Forbidden", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public Problem problem() {
        return new Problem("about:blank", title, status.getCode(), getMessage(), errors);
    }
}
