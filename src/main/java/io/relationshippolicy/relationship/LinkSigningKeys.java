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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
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
 * done through one instance holds at once on all of them. Generating and rotating happen under the
 * installation's {@code signing_key} lock row, so instances never generate a key each.
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
    private final SigningKeyRepository stored;
    private final InstallationLockRepository locks;
    private final String configuredSecret;
    private final List<String> retiredSecrets;

    public LinkSigningKeys(Database database, SigningKeyRepository stored, InstallationLockRepository locks,
                           @Nullable @Value("${policy.link.secret:}") String configuredSecret,
                           @Nullable @Value("${policy.link.retired-secrets:}") String retiredSecrets) {
        this.database = database;
        this.stored = stored;
        this.locks = locks;
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
            lockKeys();
            List<String> retired = readStored().stream().filter(k -> !k.retired()).map(Key::id).toList();
            Instant now = Instant.now();
            retired.forEach(keyId -> stored.update(keyId, now));
            return new Rotation(insertNewKey(), retired);
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
            List<Key> keys = readStored();
            if (configuredSecret == null && keys.stream().allMatch(Key::retired)) {
                // first use on this installation: instances starting together must generate one key, not one each
                lockKeys();
                keys = readStored();
                if (keys.stream().allMatch(Key::retired)) {
                    insertNewKey();
                    keys = readStored();
                }
            }
            return keys;
        }));
        return List.copyOf(result);
    }

    /** Holds the installation's signing-key lock until the transaction ends. */
    private void lockKeys() {
        if (locks.findByNameForUpdate(InstallationLockRow.SIGNING_KEY).isEmpty()) {
            throw new IllegalStateException("installation lock '" + InstallationLockRow.SIGNING_KEY + "' missing: the schema was not migrated");
        }
    }

    /** Active keys before retired ones, each oldest first: instances that both generated a key on first start agree on one. */
    private List<Key> readStored() {
        List<SigningKeyRow> rows = new ArrayList<>(stored.findByPurpose(PURPOSE, SigningKeyRepository.OLDEST_FIRST));
        rows.sort(Comparator.comparing(SigningKeyRow::retired));
        return rows.stream().map(r -> new Key(r.keyId(), Base64.getDecoder().decode(r.secret()), r.retired())).toList();
    }

    private static Key configuredKey(String value, boolean retired) {
        byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        return new Key("c" + digest(secret).substring(0, 11), secret, retired);
    }

    private String insertNewKey() {
        byte[] secret = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        byte[] id = new byte[6];
        random.nextBytes(id);
        String keyId = "k" + HexFormat.of().formatHex(id);
        stored.save(new SigningKeyRow(keyId, PURPOSE, Base64.getEncoder().encodeToString(secret), Instant.now(), null));
        return keyId;
    }

    private static String digest(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
