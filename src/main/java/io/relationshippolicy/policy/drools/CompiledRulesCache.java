package io.relationshippolicy.policy.drools;

import org.drools.modelcompiler.CanonicalKieModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Compiled rules versions kept on disk, so that a restart with unchanged rules compiles nothing. An entry is
 * the kjar Drools built for one rules version (generated classes: code), stored under a name derived from
 * the version hash, the Drools version, the JVM's class-file version and this build of the service, so that
 * an upgrade of any of them never loads an artifact built by another.
 *
 * <p>Because an entry is code, it is only ever loaded when it is exactly what this service wrote: each file
 * carries an HMAC-SHA256 over its cache key and its bytes, under a random key kept in the data folder
 * ({@value #KEY_FILE}, readable by the service's user only). A file dropped into the folder, copied from
 * another installation, renamed from another version or altered by one byte is refused, logged and compiled
 * anew. The caller still runs the rule language profile on the text before it asks for an entry.
 */
public final class CompiledRulesCache {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledRulesCache.class);
    static final String KEY_FILE = "compiled-rules.key";
    private static final String FOLDER = "compiled-rules";
    private static final String SUFFIX = ".kjar";
    private static final byte[] MAGIC = "RPKJAR1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_LENGTH = 32;
    /** Entries kept; the oldest (by last use) go first. Validations of candidates write entries too. */
    static final int KEEP = 12;

    private final Path folder;
    private final byte[] key;
    private final String environment;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private CompiledRulesCache(Path folder, byte[] key, String environment) {
        this.folder = folder;
        this.key = key;
        this.environment = environment;
    }

    /**
     * The cache in {@code dataDir/compiled-rules}, with its key in {@code dataDir/compiled-rules.key} (created on
     * first use). Empty when the data folder cannot be written: the service then compiles at every start.
     */
    public static Optional<CompiledRulesCache> in(Path dataDir) {
        try {
            Path folder = dataDir.resolve(FOLDER);
            Files.createDirectories(folder);
            return Optional.of(new CompiledRulesCache(folder, key(dataDir.resolve(KEY_FILE)), environment()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("No compiled-rules cache in {} ({}); rules compile at every start", dataDir.toAbsolutePath(), e.getMessage());
            return Optional.empty();
        }
    }

    public Path folder() {
        return folder;
    }

    /** Loads served from the cache. */
    public long hits() {
        return hits.get();
    }

    /** Versions not in the cache, compiled. */
    public long misses() {
        return misses.get();
    }

    /** Entries found but refused (bad MAC, unreadable): each was compiled anew. */
    public long refused() {
        return refused.get();
    }

    /** The kjar bytes stored for {@code version}, when present and authentic; a refused entry is deleted. */
    Optional<byte[]> load(String version) {
        String cacheKey = cacheKey(version);
        Path file = file(cacheKey);
        if (!Files.isRegularFile(file)) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (IOException e) {
            return refuse(file, version, "it cannot be read: " + e.getMessage());
        }
        int header = MAGIC.length + MAC_LENGTH;
        if (stored.length <= header || !Arrays.equals(Arrays.copyOf(stored, MAGIC.length), MAGIC)) {
            return refuse(file, version, "it is not a compiled-rules file written by this service");
        }
        byte[] mac = Arrays.copyOfRange(stored, MAGIC.length, header);
        byte[] kjar = Arrays.copyOfRange(stored, header, stored.length);
        if (!MessageDigest.isEqual(mac, mac(cacheKey, kjar))) {
            return refuse(file, version, "its authentication code does not match (altered, or not written by this installation)");
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // the age only orders eviction
        }
        hits.incrementAndGet();
        return Optional.of(kjar);
    }

    /** Counts a load that failed after the file was authenticated (Drools could not read it) and drops the entry. */
    void unusable(String version, String reason) {
        hits.decrementAndGet();
        refuse(file(cacheKey(version)), version, reason);
    }

    private Optional<byte[]> refuse(Path file, String version, String reason) {
        refused.incrementAndGet();
        LOG.warn("Compiled rules for {} in {} refused: {}; compiling the rules instead", version, file, reason);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the refused file {}: {}", file, e.getMessage());
        }
        return Optional.empty();
    }

    /** Stores the kjar of {@code version} (written whole or not at all), then drops the least recently used entries. */
    void store(String version, byte[] kjar) {
        String cacheKey = cacheKey(version);
        Path file = file(cacheKey);
        try {
            Path tmp = Files.createTempFile(folder, "store-", ".tmp");
            try {
                byte[] mac = mac(cacheKey, kjar);
                Files.write(tmp, ByteBuffer.allocate(MAGIC.length + MAC_LENGTH + kjar.length).put(MAGIC).put(mac).put(kjar).array());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Compiled rules for {} could not be stored in {}: {}", version, folder, e.getMessage());
        }
    }

    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(folder)) {
            entries = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(CompiledRulesCache::lastModified).reversed()).toList();
        }
        for (Path old : entries.subList(Math.min(KEEP, entries.size()), entries.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Path file(String cacheKey) {
        return folder.resolve(sha256(cacheKey) + SUFFIX);
    }

    /** What an entry is valid for: the rules version and everything that shapes the generated classes. */
    String cacheKey(String version) {
        return version + "\n" + environment;
    }

    private byte[] mac(String cacheKey, byte[] kjar) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(cacheKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(kjar);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drools version and its model format, the class-file version of this JVM, and this build of the service
     * (its jar's size and time, or its classes folder), each of which changes what compiling gives.
     */
    static String environment() {
        return "drools " + droolsVersion() + " model " + CanonicalKieModule.MODEL_VERSION
                + "\njava class file " + System.getProperty("java.class.version") + " (" + Runtime.version().feature() + ")"
                + "\nservice " + serviceBuild();
    }

    private static String droolsVersion() {
        try (InputStream in = CanonicalKieModule.class.getResourceAsStream("/META-INF/maven/org.drools/drools-model-compiler/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        Package p = CanonicalKieModule.class.getPackage();
        return p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
    }

    private static String serviceBuild() {
        try {
            CodeSource source = CompiledRulesCache.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return "unknown";
            }
            File where = new File(source.getLocation().toURI());
            return where.getAbsolutePath() + (where.isFile() ? " " + where.length() + " bytes " + where.lastModified() : "");
        } catch (URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static byte[] key(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Path tmp = Files.createTempFile(file.getParent(), KEY_FILE, ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(tmp, HexFormat.of().formatHex(fresh));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // another process created it first: use theirs
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        byte[] key = HexFormat.of().parseHex(Files.readString(file).trim());
        if (key.length < 32) {
            throw new UncheckedIOException(new IOException(file + " holds a key shorter than 32 bytes"));
        }
        return key;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
