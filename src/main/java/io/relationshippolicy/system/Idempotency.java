package io.relationshippolicy.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Safe retries of state-changing calls. An {@link Idempotent} service method called with an {@link IdempotentCall}
 * runs in one transaction with the record of its key: the caller (sub and tenant), the fingerprint of the request,
 * the method's result, language-neutral, and the language the caller asked for. The method's own transaction joins
 * that one, so the key and the decision commit together or not at all: a crash never leaves a decision without its
 * key, and a retry never decides twice. A retry with the same key and the same request gets the kept result back
 * and writes nothing; the same key with another request is a 409. Two retries racing with the same key meet at the
 * key's primary key: the second waits for the first and then replays its result. Refusals (4xx) roll the key back
 * with everything else, so a corrected request may reuse its key. Nothing here renders an answer: callers render the
 * result after the commit, in {@link IdempotentCall#answerLanguage()}, the first time and on every replay alike.
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
     * {@code work()} once for {@code caller}'s key: run in a transaction that also claims the key and keeps the
     * result (read back as {@code type}), or, when the key has been used for the same request, the result kept then.
     */
    <R> R once(Requester caller, IdempotentCall call, Argument<R> type, Supplier<R> work) {
        if (!KEY.matcher(call.key()).matches()) {
            throw ProblemException.badRequest("'" + HEADER + "' must be 1 to 255 visible ASCII characters, such as a UUID you generate per operation.");
        }
        IdempotencyKeyRow.Key id = new IdempotencyKeyRow.Key(caller.sub(), caller.tenant() == null ? "" : caller.tenant(), call.key());
        for (int attempt = 1; ; attempt++) {
            try {
                return database.write(c -> {
                    Optional<IdempotencyKeyRow> remembered = keys.findById(id);
                    if (remembered.isPresent()) {
                        return replay(remembered.get(), call, type);
                    }
                    claim(id, call.fingerprint());
                    R result = work.get();
                    keys.update(id, result == null ? null : write(result), call.language().toLanguageTag());
                    return result;
                });
            } catch (KeyTaken taken) {
                // another request with this key committed first (or is committing): read its result
                if (attempt == ATTEMPTS) {
                    throw new ProblemException(HttpStatus.CONFLICT, "Request in progress",
                            "Another request with the same '" + HEADER + "' is still being processed; retry in a moment.");
                }
            }
        }
    }

    private <R> R replay(IdempotencyKeyRow remembered, IdempotentCall call, Argument<R> type) {
        if (!remembered.fingerprint().equals(call.fingerprint())) {
            throw new ProblemException(HttpStatus.CONFLICT, "Idempotency key reused",
                    "This '" + HEADER + "' was already used for a different request (method, path or body). "
                            + "Send a new key for a new operation, or repeat the original request exactly.");
        }
        if (remembered.keptRendered()) {
            throw new KeptAnswer(remembered.status(), remembered.response());
        }
        call.replayedIn(Locale.forLanguageTag(remembered.language()));
        if (remembered.result() == null) {
            return null;
        }
        try {
            return json.readValue(remembered.result(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object result) {
        try {
            return json.writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claims the key for this request; a row already there (committed or not) is another request's. */
    private void claim(IdempotencyKeyRow.Key id, String fingerprint) {
        try {
            keys.save(IdempotencyKeyRow.claimed(id, fingerprint, Instant.now()));
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

    /**
     * The answer to a key an earlier version kept rendered (status and JSON body), replayed as it was kept by
     * {@link KeptAnswerHandler}. Such keys are gone once the retention has passed since the upgrade.
     */
    public static final class KeptAnswer extends RuntimeException {
        private final int status;
        private final String body;

        KeptAnswer(int status, String body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /** The key's row is held by another transaction that committed first; the whole attempt is rolled back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }
}
