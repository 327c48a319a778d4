package io.relationshippolicy.rules;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.relationshippolicy.system.Problem;
import jakarta.inject.Singleton;

@Produces(Problem.MEDIA_TYPE)
@Singleton
public class RulesRejectedHandler implements ExceptionHandler<RulesRejected, HttpResponse<RulesRejected.Body>> {

    @Override
    public HttpResponse<RulesRejected.Body> handle(HttpRequest request, RulesRejected exception) {
        return HttpResponse.<RulesRejected.Body>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .contentType(Problem.MEDIA_TYPE)
                .body(exception.body());
    }
}
