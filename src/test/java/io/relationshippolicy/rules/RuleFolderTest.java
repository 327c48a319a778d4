package io.relationshippolicy.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleFolderTest {

    private static final Map<String, String> CONTENT = Map.of(
            "README.md", "# rules",
            "relationships/link/link.drl", "package relationships.link;",
            "relationships/link/link.scenarios.yaml", "cases: []",
            ".git/config", "hidden folder",
            "relationships/link/.link.drl.swp", "editor leftovers");

    private static void write(Path root) throws IOException {
        for (var entry : CONTENT.entrySet()) {
            Path file = root.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry.getValue());
        }
    }

    private static final List<String> VISIBLE = List.of(
            "README.md", "relationships/link/link.drl", "relationships/link/link.scenarios.yaml");

    @Test
    void aFolderIsReadAsSortedSlashSeparatedPathsWithoutHiddenFiles(@TempDir Path dir) throws IOException {
        write(dir);
        Map<String, String> files = RuleFolder.read(dir);
        assertEquals(VISIBLE, List.copyOf(files.keySet()));
        assertEquals("package relationships.link;", files.get("relationships/link/link.drl"));
    }

    @Test
    void aMissingFolderIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleFolder.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void theClasspathCopyIsReadFromAFolder(@TempDir Path dir) throws IOException {
        write(dir.resolve("rules"));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, null)) {
            assertEquals(VISIBLE, List.copyOf(RuleFolder.readClasspath(loader).keySet()));
        }
    }

    @Test
    void theClasspathCopyIsReadFromInsideAJar(@TempDir Path dir) throws IOException {
        assertReadsFromJar(dir, true);
    }

    @Test
    void theClasspathCopyIsReadFromAJarWithoutDirectoryEntries(@TempDir Path dir) throws IOException {
        assertReadsFromJar(dir, false);
    }

    private static void assertReadsFromJar(Path dir, boolean withDirectoryEntry) throws IOException {
        Path jar = dir.resolve("service.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            if (withDirectoryEntry) {
                jarOut.putNextEntry(new JarEntry("rules/"));
                jarOut.closeEntry();
            }
            for (var entry : CONTENT.entrySet()) {
                jarOut.putNextEntry(new JarEntry("rules/" + entry.getKey()));
                jarOut.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            Map<String, String> files = RuleFolder.readClasspath(loader);
            assertEquals(VISIBLE, List.copyOf(files.keySet()));
            assertEquals("cases: []", files.get("relationships/link/link.scenarios.yaml"));
            // A second read must work too: the jar file system opened by the first one was closed again.
            assertEquals(files, RuleFolder.readClasspath(loader));
        }
    }

    @Test
    void aClasspathWithoutRulesIsAClearError() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            assertThrows(IllegalArgumentException.class, () -> RuleFolder.readClasspath(loader));
        }
    }
}
