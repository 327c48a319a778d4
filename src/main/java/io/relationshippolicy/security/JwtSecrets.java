package io.relationshippolicy.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where the HS256 secret that signs caller tokens comes from: {@code POLICY_JWT_SECRET} when set; in
 * development, otherwise, a random secret generated once per installation and kept in the data folder
 * ({@code jwt-dev-secret}), so the service and the {@code token} command agree without any secret in code.
 */
public final class JwtSecrets {

    public static final String DEV_SECRET_FILE = "jwt-dev-secret";
    public static final int MIN_BYTES = 32;

    private JwtSecrets() {
    }

    public static Optional<String> configured(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalStateException("POLICY_JWT_SECRET must be at least " + MIN_BYTES
                    + " bytes long for HS256; generate one with: openssl rand -base64 48");
        }
        return Optional.of(value);
    }

    /** Where the development secret of the installation whose data folder this is lives. */
    public static Path developmentSecretFile(Path dataDir) {
        return dataDir.resolve(DEV_SECRET_FILE);
    }

    /** Reads the per-installation development secret, creating it on first use. */
    public static String developmentSecret(Path dataDir) {
        Path file = developmentSecretFile(dataDir);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = Files.createTempFile(dataDir, DEV_SECRET_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // the file still lives only in the installation's data folder
            }
            Files.writeString(tmp, secret, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(tmp);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development token secret in " + dataDir, e);
        }
    }
}
