package io.relationshippolicy.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the database is unreachable every route that needs it answers 503 problem+json with a
 * Retry-After, instead of a 500; the pool reconnects by itself once the database is back.
 */
@Produces(Problem.MEDIA_TYPE)
@Singleton
public class DatabaseUnavailableHandler implements ExceptionHandler<Database.DatabaseUnavailableException, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

    private final int retryAfterSeconds;

    public DatabaseUnavailableHandler(@Value("${policy.database.retry-after-seconds:5}") int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Database.DatabaseUnavailableException exception) {
        LOG.warn("Database unavailable, answered 503 to {} {}: {}", request.getMethodName(), request.getPath(), exception.getMessage());
        Problem problem = Problem.of(HttpStatus.SERVICE_UNAVAILABLE.getCode(), "Database unavailable",
                "The service cannot reach its database and did not carry out this request. Retry after " + retryAfterSeconds
                        + " seconds; send the same '" + Idempotency.HEADER + "' so that a retry can never apply a change twice.");
        return HttpResponse.<Problem>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
    }
}
