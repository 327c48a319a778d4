package io.relationshippolicy.decisionlog;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.system.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Signed checkpoints of the chain head. At an interval (when the log has grown), at a clean shutdown and on demand (bounded, see
 * {@link #onDemand}), the head (sequence, hash) is signed with this installation's Ed25519 key and appended as one JSON line to
 * {@code checkpoints.jsonl} in a folder outside the database, which auditors copy and keep. A log later
 * shorter than a checkpoint, or with another hash at its sequence, fails verification: truncating the
 * tail or rewriting the chain is detected even by someone who can change every row and the head.
 *
 * <p>The key pair is generated on first use and kept in the data folder ({@code decision-log-checkpoint-key},
 * readable by the service only), or configured with {@code POLICY_DECISION_LOG_CHECKPOINTS_PRIVATE_KEY} and
 * {@code ..._PUBLIC_KEY} (base64 PKCS#8 and X.509) so that every instance of an installation signs alike.
 * It is never kept in the database, which is what the checkpoints protect.
 */
@Singleton
public class DecisionLogCheckpoints {

    /** One signed checkpoint; {@code signature} covers the canonical JSON of the other four fields. */
    @Serdeable
    public record Checkpoint(long sequence, String hash, String takenAt, String keyId, String signature) {

        public String signedText() {
            Map<String, Object> signed = new LinkedHashMap<>();
            signed.put("sequence", sequence);
            signed.put("hash", hash);
            signed.put("takenAt", takenAt);
            signed.put("keyId", keyId);
            return CanonicalJson.write(signed);
        }

        String line() {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("sequence", sequence);
            all.put("hash", hash);
            all.put("takenAt", takenAt);
            all.put("keyId", keyId);
            all.put("signature", signature);
            return CanonicalJson.write(all);
        }
    }

    public static final String FILE = "checkpoints.jsonl";
    static final String KEY_FILE = "decision-log-checkpoint-key";

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogCheckpoints.class);

    private DecisionJournal journal;
    private final Database database;
    private final JsonMapper json;
    private final Path folder;
    private final Path dataDir;
    private final String configuredPrivateKey;
    private final String configuredPublicKey;
    private final List<String> trustedKeys;
    private volatile KeyPair keyPair;
    private volatile long lastCheckpointed = -1;
    private final Duration onDemandInterval;
    private final Clock clock;
    private Instant lastOnDemand;

    /**
     * What an on-demand request got: a new checkpoint ({@code taken}), the latest one when the log has not grown
     * since, or nothing yet ({@code checkpoint} null) when one was taken on demand less than the configured
     * interval ago; then {@code retryAfter} says when to ask again.
     */
    public record OnDemand(@Nullable Checkpoint checkpoint, boolean taken, Duration retryAfter) {
    }

    @Inject
    public DecisionLogCheckpoints(Database database, JsonMapper json,
                                  @Value("${policy.decision-log.checkpoints.path:}") @Nullable String folder,
                                  @Value("${policy.data-dir:./data}") String dataDir,
                                  @Value("${policy.decision-log.checkpoints.private-key:}") @Nullable String privateKey,
                                  @Value("${policy.decision-log.checkpoints.public-key:}") @Nullable String publicKey,
                                  @Value("${policy.decision-log.checkpoints.trusted-keys:}") @Nullable List<String> trustedKeys,
                                  @Value("${policy.decision-log.checkpoints.on-demand-interval:1m}") Duration onDemandInterval) {
        this(database, json, folder, dataDir, privateKey, publicKey, trustedKeys, onDemandInterval, Clock.systemUTC());
    }

    DecisionLogCheckpoints(Database database, JsonMapper json, @Nullable String folder, String dataDir, @Nullable String privateKey,
                           @Nullable String publicKey, @Nullable List<String> trustedKeys, Duration onDemandInterval, Clock clock) {
        this.onDemandInterval = onDemandInterval;
        this.clock = clock;
        this.database = database;
        this.json = json;
        this.dataDir = Path.of(dataDir);
        this.folder = folder == null || folder.isBlank() ? this.dataDir.resolve("checkpoints") : Path.of(folder);
        this.configuredPrivateKey = blankToNull(privateKey);
        this.configuredPublicKey = blankToNull(publicKey);
        this.trustedKeys = trustedKeys == null ? List.of() : trustedKeys.stream().filter(k -> !k.isBlank()).toList();
    }

    /** On H2 the log's tables take journaled entries shortly after they are answered: a checkpoint waits for them. */
    @Inject
    void journal(DecisionJournal journal) {
        this.journal = journal;
    }

    private void awaitIndexed() {
        if (journal != null) {
            journal.awaitIndexed();
        }
    }

    public Path folder() {
        return folder;
    }

    /** Base64 X.509 form of the public key auditors verify checkpoints with. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys().getPublic().getEncoded());
    }

    public String keyId() {
        return keyId(keys().getPublic().getEncoded());
    }

    /**
     * A checkpoint asked for by a caller. Each one is a line in a file auditors keep, so callers cannot make it
     * grow at will: when the log has not grown since the latest checkpoint, that one is the answer and nothing
     * is written; otherwise at most one is taken per {@code policy.decision-log.checkpoints.on-demand-interval}
     * (default one minute) on this instance.
     */
    public synchronized OnDemand onDemand() {
        long head = headSequence();
        Checkpoint current = latest();
        if (current != null && current.sequence() == head) {
            return new OnDemand(current, false, Duration.ZERO);
        }
        Instant now = clock.instant();
        if (lastOnDemand != null && now.isBefore(lastOnDemand.plus(onDemandInterval))) {
            Duration wait = Duration.between(now, lastOnDemand.plus(onDemandInterval));
            return new OnDemand(null, false, wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
        lastOnDemand = now;
        return new OnDemand(take(), true, Duration.ZERO);
    }

    /** At a clean shutdown: signs the head when entries were appended since the latest checkpoint. */
    public synchronized void atShutdown() {
        try {
            long head = headSequence();
            Checkpoint current = latest();
            if (head > 0 && (current == null || current.sequence() != head)) {
                Checkpoint c = take();
                LOG.info("decision-log checkpoint at shutdown, sequence {}", c.sequence());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not take the decision-log checkpoint at shutdown: {}", e.getMessage());
        }
    }

    /** The last checkpoint written to the file (its last line, read from the end), or null. */
    private Checkpoint latest() {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, 8192);
            ByteBuffer tail = ByteBuffer.allocate(length);
            channel.read(tail, size - length);
            String[] lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).strip().split("\n");
            String last = lines[lines.length - 1];
            return last.isBlank() ? null : parse(last);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private long headSequence() {
        awaitIndexed();
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM decision_log_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Signs the current head and appends it to the checkpoint file. */
    public synchronized Checkpoint take() {
        long[] sequence = new long[1];
        awaitIndexed();
        String hash = database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence, last_hash FROM decision_log_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                sequence[0] = rs.getLong(1);
                return rs.getString(2);
            }
        });
        Checkpoint unsigned = new Checkpoint(sequence[0], hash, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), keyId(), null);
        Checkpoint signed = new Checkpoint(unsigned.sequence(), unsigned.hash(), unsigned.takenAt(), unsigned.keyId(), sign(unsigned.signedText()));
        append(signed);
        lastCheckpointed = signed.sequence();
        return signed;
    }

    /** At the configured interval: a checkpoint when the log has grown since the last one. */
    @Scheduled(fixedDelay = "${policy.decision-log.checkpoints.interval:5m}", initialDelay = "${policy.decision-log.checkpoints.interval:5m}")
    void periodically() {
        try {
            long head = database.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM decision_log_head WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
            if (head > 0 && head != lastCheckpointed) {
                Checkpoint c = take();
                LOG.info("decision-log checkpoint at sequence {}", c.sequence());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not take a decision-log checkpoint", e);
        }
    }

    /** The newest {@code limit} checkpoints, newest first. */
    public List<Checkpoint> newestFirst(int limit) {
        List<Checkpoint> all = new ArrayList<>(all());
        Collections.reverse(all);
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Every checkpoint in the folder's files, in the order they were written. */
    public List<Checkpoint> all() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Checkpoint> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        result.add(parse(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint folder " + folder, e);
        }
        return result;
    }

    public Checkpoint parse(String line) {
        try {
            Map<String, Object> m = json.readValue(line, Argument.mapOf(String.class, Object.class));
            return new Checkpoint(((Number) m.get("sequence")).longValue(), (String) m.get("hash"), (String) m.get("takenAt"),
                    (String) m.get("keyId"), (String) m.get("signature"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint line: " + (line.length() > 80 ? line.substring(0, 80) + "..." : line), e);
        }
    }

    /** True when the checkpoint was signed by this installation's key or a configured trusted key. */
    public boolean authentic(Checkpoint c) {
        if (c.signature() == null || c.keyId() == null || c.hash() == null || c.takenAt() == null) {
            return false;
        }
        for (PublicKey key : trusted()) {
            if (keyId(key.getEncoded()).equals(c.keyId())) {
                try {
                    Signature verifier = Signature.getInstance("Ed25519");
                    verifier.initVerify(key);
                    verifier.update(c.signedText().getBytes(StandardCharsets.UTF_8));
                    return verifier.verify(Base64.getDecoder().decode(c.signature()));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private List<PublicKey> trusted() {
        List<PublicKey> keys = new ArrayList<>();
        keys.add(keys().getPublic());
        for (String k : trustedKeys) {
            keys.add(publicKey(k));
        }
        return keys;
    }

    private String sign(String text) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys().getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a decision-log checkpoint", e);
        }
    }

    private void append(Checkpoint c) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((c.line() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint to " + folder, e);
        }
    }

    // ------------------------------------------------------------------ keys

    private KeyPair keys() {
        KeyPair loaded = keyPair;
        if (loaded == null) {
            synchronized (this) {
                if (keyPair == null) {
                    keyPair = load();
                }
                loaded = keyPair;
            }
        }
        return loaded;
    }

    private KeyPair load() {
        if (configuredPrivateKey != null || configuredPublicKey != null) {
            if (configuredPrivateKey == null || configuredPublicKey == null) {
                throw new IllegalStateException("Set both policy.decision-log.checkpoints.private-key and public-key, or neither.");
            }
            return new KeyPair(publicKey(configuredPublicKey), privateKey(configuredPrivateKey));
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Path tmp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    // the file still lives only in the installation's data folder
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(generated.getPublic().getEncoded()) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return new KeyPair(publicKey(lines.get(1).trim()), privateKey(lines.get(0).trim()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or create the checkpoint signing key in " + dataDir, e);
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not a base64 X.509 Ed25519 public key: check the checkpoint key configuration", e);
        }
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not a base64 PKCS#8 Ed25519 private key: check the checkpoint key configuration", e);
        }
    }

    static String keyId(byte[] publicKey) {
        try {
            return "ed25519:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Comparator<Checkpoint> bySequence() {
        return Comparator.comparingLong(Checkpoint::sequence);
    }
}
