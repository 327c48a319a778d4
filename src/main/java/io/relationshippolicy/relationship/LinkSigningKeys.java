package io.relationshippolicy.relationship;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The keys that sign request links. By default a random key is generated on the first start of an
 * installation and kept in the database, so every instance on that database issues the same link;
 * {@code POLICY_LINK_SECRET} supplies one instead. Rotation retires a key: links it signed are then
 * refused with a reason that says so. A generated key is rotated through the API (operator); a configured
 * secret is rotated by setting a new {@code POLICY_LINK_SECRET} and listing the old value in
 * {@code POLICY_LINK_RETIRED_SECRETS}. The keys are read from the database on every use, so a rotation
 * done through one instance holds at once on all of them.
 */
@Singleton
public class LinkSigningKeys {

    public record Key(String id, byte[] secret, boolean retired) {
    }

    private static final String PURPOSE = "REQUEST_LINK";

    /** What a rotation did: the key new links are signed with, and the keys it retired. */
    public record Rotation(String keyId, List<String> retiredKeyIds) {
    }

    private final Database database;
    private final String configuredSecret;
    private final List<String> retiredSecrets;

    public LinkSigningKeys(Database database, @Nullable @Value("${policy.link.secret:}") String configuredSecret,
                           @Nullable @Value("${policy.link.retired-secrets:}") String retiredSecrets) {
        this.database = database;
        this.configuredSecret = configuredSecret == null || configuredSecret.isBlank() ? null : configuredSecret;
        this.retiredSecrets = retiredSecrets == null ? List.of() : java.util.Arrays.stream(retiredSecrets.split(","))
                .map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** True when POLICY_LINK_SECRET signs the links: rotation is then done by changing it, not through the API. */
    public boolean configured() {
        return configuredSecret != null;
    }

    /** The key new links are signed with. */
    public Key current() {
        return keys().stream().filter(k -> !k.retired()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active request-link signing key"));
    }

    public Optional<Key> find(String keyId) {
        return keys().stream().filter(k -> k.id().equals(keyId)).findFirst();
    }

    /** Retires every active generated key and creates a new one, in one transaction; 409 when POLICY_LINK_SECRET signs the links. */
    public Rotation rotate() {
        if (configured()) {
            throw new ProblemException(HttpStatus.CONFLICT, "Link secret is configured",
                    "Request links are signed with POLICY_LINK_SECRET: rotate it by setting a new POLICY_LINK_SECRET, "
                            + "adding the previous value to POLICY_LINK_RETIRED_SECRETS, and restarting.");
        }
        return database.write(c -> {
            lockKeys(c);
            List<String> retired = readStored(c).stream().filter(k -> !k.retired()).map(Key::id).toList();
            try (PreparedStatement retire = c.prepareStatement("UPDATE signing_key SET retired_at = ? WHERE purpose = ? AND retired_at IS NULL")) {
                retire.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                retire.setString(2, PURPOSE);
                retire.executeUpdate();
            }
            return new Rotation(insertNewKey(c), retired);
        });
    }

    private List<Key> keys() {
        List<Key> result = new ArrayList<>();
        if (configuredSecret != null) {
            result.add(configuredKey(configuredSecret, false));
        }
        for (String retired : retiredSecrets) {
            result.add(configuredKey(retired, true));
        }
        result.addAll(database.write(c -> {
            List<Key> stored = readStored(c);
            if (configuredSecret == null && stored.stream().allMatch(Key::retired)) {
                // first use on this installation: instances starting together must generate one key, not one each
                lockKeys(c);
                stored = readStored(c);
                if (stored.stream().allMatch(Key::retired)) {
                    insertNewKey(c);
                    stored = readStored(c);
                }
            }
            return stored;
        }));
        return List.copyOf(result);
    }

    private static void lockKeys(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT name FROM installation_lock WHERE name = 'signing_key' FOR UPDATE");
             var rs = lock.executeQuery()) {
            if (!rs.next()) {
                throw new java.sql.SQLException("installation lock 'signing_key' missing: the schema was not migrated");
            }
        }
    }

    private static List<Key> readStored(java.sql.Connection c) throws java.sql.SQLException {
        List<Key> stored = new ArrayList<>();
        // oldest active key first: two instances that both generated a key on first start agree on the same one
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id, secret, retired_at FROM signing_key WHERE purpose = ? "
                + "ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, created_at, key_id")) {
            ps.setString(1, PURPOSE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(new Key(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)), rs.getObject(3) != null));
                }
            }
        }
        return stored;
    }

    private static Key configuredKey(String value, boolean retired) {
        byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        return new Key("c" + digest(secret).substring(0, 11), secret, retired);
    }

    private static String insertNewKey(java.sql.Connection c) throws java.sql.SQLException {
        byte[] secret = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        byte[] id = new byte[6];
        random.nextBytes(id);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO signing_key (key_id, purpose, secret, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, "k" + HexFormat.of().formatHex(id));
            insert.setString(2, PURPOSE);
            insert.setString(3, Base64.getEncoder().encodeToString(secret));
            insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        return "k" + HexFormat.of().formatHex(id);
    }

    private static String digest(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
