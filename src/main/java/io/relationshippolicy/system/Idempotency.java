package io.relationshippolicy.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Safe retries of state-changing calls. A request that carries an {@code Idempotency-Key} header runs in
 * one transaction with the record of its key: the caller (sub and tenant), a fingerprint of the request
 * (method, path with query, body) and the answer. The key and the decision commit together or not at all.
 * A retry with the same key and the same request gets the original answer back and writes nothing; the
 * same key with another request is a 409. Two retries racing with the same key meet at the key's primary
 * key: the second waits for the first and then replays its answer. Refusals (4xx) are not remembered, so
 * a corrected request may reuse its key.
 */
@Singleton
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int ATTEMPTS = 5;

    private final Database database;
    private final IdempotencyKeyRepository keys;
    private final JsonMapper json;
    private final Duration retention;

    public Idempotency(Database database, IdempotencyKeyRepository keys, JsonMapper json,
                       @Value("${policy.idempotency.retention:24h}") Duration retention) {
        this.database = database;
        this.keys = keys;
        this.json = json;
        this.retention = retention;
    }

    /**
     * Answers {@code work()} with {@code status}, or the remembered answer when the request carries a key
     * ({@code key}, the request's {@value #HEADER} header) it has seen. {@code work} runs inside the transaction opened here: the service's own transaction
     * joins it, so the decision, its log entry and the key are one commit.
     */
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> respond(HttpRequest<?> request, @Nullable String key, Requester caller, @Nullable Object body, HttpStatus status,
                                       Supplier<T> work) {
        if (key == null) {
            return answer(status, work.get());
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("'" + HEADER + "' must be 1 to 255 visible ASCII characters, such as a UUID you generate per operation.");
        }
        String fingerprint = fingerprint(request, body);
        IdempotencyKeyRow.Key id = new IdempotencyKeyRow.Key(caller.sub(), caller.tenant() == null ? "" : caller.tenant(), key);
        for (int attempt = 1; ; attempt++) {
            try {
                return (HttpResponse<T>) database.write(c -> {
                    Optional<IdempotencyKeyRow> remembered = keys.findById(id);
                    if (remembered.isPresent()) {
                        return replay(remembered.get(), fingerprint);
                    }
                    claim(id, fingerprint);
                    T answer = work.get();
                    keys.update(id, status.getCode(), answer == null ? null : write(answer));
                    return answer(status, answer);
                });
            } catch (KeyTaken taken) {
                // another request with this key committed first (or is committing): read its answer
                if (attempt == ATTEMPTS) {
                    throw new ProblemException(HttpStatus.CONFLICT, "Request in progress",
                            "Another request with the same '" + HEADER + "' is still being processed; retry in a moment.");
                }
            }
        }
    }

    private static <T> MutableHttpResponse<T> answer(HttpStatus status, T body) {
        MutableHttpResponse<T> response = HttpResponse.status(status);
        return body == null ? response : response.body(body);
    }

    private MutableHttpResponse<?> replay(IdempotencyKeyRow remembered, String fingerprint) {
        if (!remembered.fingerprint().equals(fingerprint)) {
            throw new ProblemException(HttpStatus.CONFLICT, "Idempotency key reused",
                    "This '" + HEADER + "' was already used for a different request (method, path or body). "
                            + "Send a new key for a new operation, or repeat the original request exactly.");
        }
        MutableHttpResponse<Object> response = HttpResponse.status(HttpStatus.valueOf(remembered.status()));
        response.header(REPLAYED_HEADER, "true");
        if (remembered.response() != null) {
            try {
                response.body(json.readValue(remembered.response(), JsonNode.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return response;
    }

    private String write(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String fingerprint(HttpRequest<?> request, @Nullable Object body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethodName() + " " + request.getUri() + "\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                digest.update(write(body).getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims the key for this request; a row already there (committed or not) is another request's. */
    private void claim(IdempotencyKeyRow.Key id, String fingerprint) {
        try {
            keys.save(new IdempotencyKeyRow(id, fingerprint, 0, null, Instant.now()));
        } catch (RuntimeException e) {
            if (Database.uniqueViolation(e)) {
                throw new KeyTaken();
            }
            throw e;
        }
    }

    /** Forgets keys older than the retention ({@code policy.idempotency.retention}, 24 hours by default). */
    @Scheduled(fixedDelay = "${policy.idempotency.purge-interval:1h}", initialDelay = "${policy.idempotency.purge-interval:1h}")
    void purge() {
        try {
            long purged = database.write(c -> keys.deleteByCreatedAtLessThan(Instant.now().minus(retention)));
            if (purged > 0) {
                LOG.info("Forgot {} idempotency keys older than {}", purged, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge old idempotency keys; will try again: {}", e.getMessage());
        }
    }

    /** The key's row is held by another transaction that committed first; the whole attempt is rolled back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }
}
