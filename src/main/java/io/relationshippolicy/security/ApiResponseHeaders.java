package io.relationshippolicy.security;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Answers of the API carry tenant data and decisions: no cache (browser or proxy) may keep them, and a
 * browser must not guess their type.
 */
@ServerFilter("/api/**")
public class ApiResponseHeaders {

    @ResponseFilter
    public void afterResponse(MutableHttpResponse<?> response) {
        response.getHeaders().set("Cache-Control", "no-store");
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
    }
}
