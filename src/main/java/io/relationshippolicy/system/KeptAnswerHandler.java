package io.relationshippolicy.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Replays an answer an earlier version kept rendered for an idempotency key: its status and body as they were. */
@Singleton
public class KeptAnswerHandler implements ExceptionHandler<Idempotency.KeptAnswer, HttpResponse<?>> {

    private final JsonMapper json;

    public KeptAnswerHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Idempotency.KeptAnswer answer) {
        MutableHttpResponse<Object> response = HttpResponse.status(HttpStatus.valueOf(answer.status()));
        response.header(Idempotency.REPLAYED_HEADER, "true");
        if (answer.body() != null) {
            try {
                response.contentType(MediaType.APPLICATION_JSON_TYPE).body(json.readValue(answer.body(), JsonNode.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return response;
    }
}
