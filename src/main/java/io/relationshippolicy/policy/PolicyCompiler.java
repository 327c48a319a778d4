package io.relationshippolicy.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The port that turns a rules folder (relative path to text) into a {@link PolicyEngine}, after every check
 * that keeps rules data rather than code. The version of a folder is a content hash of exactly its files, so
 * the same files always give the same version whatever machine compiles them.
 */
public interface PolicyCompiler {

    CompilationResult compile(Map<String, String> files);

    /** {@code sha256:} over every file of the folder (rules, scenarios, messages), in path order. */
    static String version(Map<String, String> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((path, text) -> {
                digest.update(normalize(path).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalize(String path) {
        String p = path.replace('\\', '/');
        return p.startsWith("/") ? p.substring(1) : p;
    }
}
