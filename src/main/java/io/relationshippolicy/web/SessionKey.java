package io.relationshippolicy.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.core.annotation.Nullable;
import io.relationshippolicy.system.Database;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The secret that signs page sessions: {@code POLICY_SESSION_SECRET} when set (at least 32 bytes), otherwise a
 * random secret created once per database by the first instance and read by the others, so that several
 * instances share sessions without a secret in code or in configuration.
 */
@Singleton
public class SessionKey {

    private static final int ROW = 1;

    private final Database database;
    private final SessionKeyRepository keys;
    private final String configured;
    private volatile byte[] secret;

    public SessionKey(Database database, SessionKeyRepository keys, @Nullable @Value("${policy.session-secret:}") String configured) {
        this.database = database;
        this.keys = keys;
        this.configured = configured;
        if (configured != null && !configured.isBlank() && configured.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("POLICY_SESSION_SECRET must be at least 32 bytes long; generate one with: openssl rand -base64 48");
        }
    }

    /** Read at start-up, so that no request on the event loop waits for the database to learn it. */
    @EventListener
    void onStartup(StartupEvent started) {
        secret();
    }

    byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            s = load();
            secret = s;
        }
        return s;
    }

    private byte[] load() {
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        String stored = database.read(c -> keys.findById(ROW).map(SessionKeyRow::secret).orElse(null));
        if (stored == null) {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                database.write(c -> keys.save(new SessionKeyRow(ROW, created, Instant.now())));
            } catch (RuntimeException raced) {
                if (!Database.uniqueViolation(raced)) {
                    throw raced;
                }
                // another instance created it first: use theirs
            }
            stored = database.read(c -> keys.findById(ROW).map(SessionKeyRow::secret).orElseThrow());
        }
        return stored.getBytes(StandardCharsets.UTF_8);
    }
}
