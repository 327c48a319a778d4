package io.relationshippolicy.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.List;
import java.util.Map;

/** Real HTTP calls through Micronaut's client, answering status and parsed JSON body instead of throwing on 4xx. */
public final class Api {

    public record Response(int status, Map<String, Object> body, List<Object> list, String contentType) {

        @SuppressWarnings("unchecked")
        public <T> T get(String field) {
            return (T) body.get(field);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items(String field) {
            return (List<Map<String, Object>>) body.get(field);
        }

        public List<String> codes(String field) {
            return items(field).stream().map(m -> (String) m.get("code")).toList();
        }
    }

    private final HttpClient client;

    public Api(HttpClient client) {
        this.client = client;
    }

    public Response get(String path, String token) {
        return send(HttpRequest.GET(path), token);
    }

    public Response post(String path, Object body, String token) {
        return send(HttpRequest.POST(path, body), token);
    }

    public Response put(String path, Object body, String token) {
        return send(HttpRequest.PUT(path, body), token);
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.DELETE(path), token);
    }

    public Response send(MutableHttpRequest<?> request, String token) {
        if (token != null) {
            request.bearerAuth(token);
        }
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            return parse(response.code(), response.getBody().orElse(""), response.getContentType().map(Object::toString).orElse(null));
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            String body = response.getBody(String.class).orElse("");
            return parse(response.code(), body, response.getContentType().map(Object::toString).orElse(null));
        }
    }

    @SuppressWarnings("unchecked")
    private Response parse(int status, String text, String contentType) {
        if (text == null || text.isBlank()) {
            return new Response(status, Map.of(), List.of(), contentType);
        }
        try {
            var mapper = io.micronaut.json.JsonMapper.createDefault();
            if (text.trim().startsWith("[")) {
                return new Response(status, Map.of(), mapper.readValue(text, Argument.listOf(Object.class)), contentType);
            }
            return new Response(status, mapper.readValue(text, Argument.mapOf(String.class, Object.class)), List.of(), contentType);
        } catch (java.io.IOException e) {
            return new Response(status, Map.of("raw", text), List.of(), contentType);
        }
    }

    /** Creates or updates a partner in the directory (as the operator), asserting that it was accepted. */
    public void putPartner(String id, String name, String cloud, String program) {
        directory("/api/v1/partners/" + id, Map.of("name", name, "cloud", cloud, "program", program));
    }

    /** Creates or updates a customer in the directory (as the operator), asserting that it was accepted. */
    public void putCustomer(String id, String name, String cloud) {
        directory("/api/v1/customers/" + id, Map.of("name", name, "cloud", cloud));
    }

    private void directory(String path, Map<String, Object> body) {
        Response r = put(path, body, TestTokens.operator());
        if (r.status() != 200) {
            throw new AssertionError("PUT " + path + " answered " + r.status() + ": " + r.body());
        }
    }

    public Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
