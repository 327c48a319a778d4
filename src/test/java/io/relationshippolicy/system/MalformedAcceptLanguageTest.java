package io.relationshippolicy.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.Api;
import io.relationshippolicy.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An Accept-Language header that cannot be read names no language: the request is answered, in English. */
@MicronautTest(environments = "test", transactional = false)
class MalformedAcceptLanguageTest {

    @Inject
    @Client("/")
    HttpClient client;

    @ParameterizedTest
    @ValueSource(strings = {";", ",,,", ";;q=1", "en;q=abc", "*"})
    void aMalformedHeaderIsIgnoredNotAServerError(String header) {
        Api api = new Api(client);
        Api.Response withToken = api.send(HttpRequest.GET("/api/v1/partners/P-NOBODY").header("Accept-Language", header), TestTokens.operator());
        assertEquals(404, withToken.status(), withToken.body().toString());
        assertTrue(((String) withToken.get("detail")).startsWith("No partner"));
        Api.Response withoutToken = api.send(HttpRequest.GET("/api/v1/partners/P-NOBODY").header("Accept-Language", header), null);
        assertEquals(401, withoutToken.status());
    }
}
