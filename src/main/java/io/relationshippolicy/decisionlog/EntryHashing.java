package io.relationshippolicy.decisionlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** hash = "sha256:" + hex(SHA-256(previousHash + "\n" + canonical JSON of the entry without its hash)). */
public final class EntryHashing {

    public static final String GENESIS = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private EntryHashing() {
    }

    /** {@code canonicalContent}: {@link LogEntry#canonical()}, the entry's hashed fields as canonical JSON. */
    public static String hash(String previousHash, String canonicalContent) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(canonicalContent.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
