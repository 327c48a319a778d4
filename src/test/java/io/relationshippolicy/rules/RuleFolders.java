package io.relationshippolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Copies of the real rules folder that tests may edit, and the candidates the tests activate. */
final class RuleFolders {

    /** The worked example in docs/, C13's later reading: a patch to the rules folder. */
    static final Path C13_LATER_READING = Path.of("docs/examples/c13-later-reading.patch");

    private RuleFolders() {
    }

    static Path copyOfRealRules(String prefix) {
        try {
            Path target = Files.createTempDirectory(prefix);
            write(target, RulesUnderTest.folder());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the whole content of {@code folder} with {@code files}. */
    static void write(Path folder, Map<String, String> files) {
        try {
            SortedMap<String, String> existing = Files.isDirectory(folder) ? RuleFolder.read(folder) : new TreeMap<>();
            for (String path : existing.keySet()) {
                if (!files.containsKey(path)) {
                    Files.delete(folder.resolve(path));
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces {@code files} in {@code folder}, leaving its other files alone. */
    static void put(Path folder, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real rules with the worked example's files in place of theirs. */
    static SortedMap<String, String> c13LaterReading() {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.putAll(c13Overlay());
        return files;
    }

    /** Only the files the worked example changes, relative path to text: the real rules with its patch applied. */
    static Map<String, String> c13Overlay() {
        try {
            return new LinkedHashMap<>(UnifiedPatch.apply(Files.readString(C13_LATER_READING), RulesUnderTest.folder()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real rules with every file's text passed through {@code edit}. */
    static SortedMap<String, String> edited(UnaryOperator<String> edit) {
        SortedMap<String, String> files = new TreeMap<>();
        RulesUnderTest.folder().forEach((path, text) -> files.put(path, edit.apply(text)));
        return files;
    }

    /**
     * A version that answers observably differently from the real rules: a partner holding DAP supports the
     * customer under the obligation code {@code SUPPORT_DIRECTLY_B} instead of {@code SUPPORT_DIRECTLY}.
     */
    static SortedMap<String, String> versionB() {
        return edited(text -> text.replace("SUPPORT_DIRECTLY", "SUPPORT_DIRECTLY_B"));
    }
}
