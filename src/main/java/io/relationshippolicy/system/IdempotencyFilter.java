package io.relationshippolicy.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.RouteMatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The API's side of idempotency keys. A state-changing request that carries an {@value Idempotency#HEADER} header
 * becomes an {@link IdempotentCall} in the propagated context: the key, the fingerprint of the request (method, path
 * with query, and the body as its route binds it) and the language its Accept-Language asks for. The
 * {@link Idempotent} service method the controller calls does the rest, in its transaction. An answer whose result
 * was replayed leaves with {@value Idempotency#REPLAYED_HEADER}{@code : true}. A route whose service call is not
 * idempotent ignores the key, as it always did.
 */
@ServerFilter("/api/**")
public class IdempotencyFilter {

    private static final Set<HttpMethod> STATE_CHANGING =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);
    private static final String CALL = IdempotentCall.class.getName();

    private final JsonMapper json;

    public IdempotencyFilter(JsonMapper json) {
        this.json = json;
    }

    @RequestFilter
    public void carryTheKey(HttpRequest<?> request, @Nullable RouteMatch<?> route, @Nullable @Body byte[] body,
                            MutablePropagatedContext context) {
        String key = request.getHeaders().get(Idempotency.HEADER);
        if (key == null || route == null || !STATE_CHANGING.contains(request.getMethod())) {
            return;
        }
        IdempotentCall call = new IdempotentCall(key, fingerprint(request, route, body),
                Messages.resolve(request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE)));
        context.add(call);
        request.setAttribute(CALL, call);
    }

    @ResponseFilter
    public void markReplays(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(CALL, IdempotentCall.class).filter(IdempotentCall::replayed)
                .ifPresent(call -> response.header(Idempotency.REPLAYED_HEADER, "true"));
    }

    /** Method, path with query and the body as bound: two requests that bind the same body are the same request. */
    private String fingerprint(HttpRequest<?> request, RouteMatch<?> route, @Nullable byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethodName() + " " + request.getUri() + "\n").getBytes(StandardCharsets.UTF_8));
            Optional<Argument<?>> bodyType = route.getRouteInfo().getFullRequestBodyType();
            if (bodyType.isPresent() && body != null && body.length > 0) {
                digest.update(bound(body, bodyType.get()));
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as the route binds it, written back; the bytes themselves when it does not bind (the route refuses it). */
    private byte[] bound(byte[] body, Argument<?> type) {
        try {
            Object value = json.readValue(body, type);
            return value == null ? body : json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unbound) {
            return body;
        }
    }
}
