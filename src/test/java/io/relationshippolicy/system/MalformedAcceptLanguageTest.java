package io.relationshippolicy.system;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Accept-Language header that cannot be read names no language: the request is answered, in English,
 * on open routes as on protected ones, and nothing is written to the service log as a failure.
 */
@MicronautTest(environments = "test", transactional = false)
class MalformedAcceptLanguageTest {

    @Inject
    @Client("/")
    HttpClient client;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void noStackTraceWasLogged() {
        root.detachAppender(logged);
        for (ILoggingEvent event : logged.list) {
            assertTrue(event.getThrowableProxy() == null, "a stack trace was logged: " + event.getFormattedMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ";", ";;", ", ", ",,,", ";;q=1", "en;q=abc", "*", ",;", "; ,", "q=1;,", "-", "en, -"})
    void aMalformedHeaderIsIgnoredNotAServerError(String header) {
        Api api = new Api(client);
        Api.Response withToken = api.send(HttpRequest.GET("/api/v1/partners/P-NOBODY").header("Accept-Language", header), TestTokens.operator());
        assertEquals(404, withToken.status(), withToken.body().toString());
        assertTrue(((String) withToken.get("detail")).startsWith("No partner"));
        Api.Response withoutToken = api.send(HttpRequest.GET("/api/v1/partners/P-NOBODY").header("Accept-Language", header), null);
        assertEquals(401, withoutToken.status());
        assertTrue(((String) withoutToken.get("detail")).contains("bearer token"), withoutToken.body().toString());
        Api.Response health = api.send(HttpRequest.GET("/health").header("Accept-Language", header), null);
        assertTrue(health.status() == 200 || health.status() == 503, "health answered " + health.status() + ": " + health.body());
        assertTrue(health.body().containsKey("status"), health.body().toString());
    }
}
