package io.relationshippolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a rules folder (DRL files, scenario files, README) into relative path to text, with '/' as the
 * separator and paths in sorted order, so the same folder gives the same map, and hence the same rules
 * version, on every machine. Hidden files and folders (name starting with '.') are skipped: editors and
 * version control leave those behind and they are not part of the policy.
 */
public final class RuleFolder {

    /** Where the jar carries its own copy of the rules. */
    public static final String CLASSPATH_ROOT = "rules";

    private RuleFolder() {
    }

    public static SortedMap<String, String> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder " + folder.toAbsolutePath() + " does not exist or is not a folder");
        }
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path relative = folder.relativize(file);
                if (!Files.isRegularFile(file) || isHidden(relative)) {
                    continue;
                }
                files.put(slashed(relative), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read rules folder " + folder, e);
        }
        return Collections.unmodifiableSortedMap(files);
    }

    /** The copy of the rules under {@link #CLASSPATH_ROOT} on the classpath, from a folder or from inside a jar. */
    public static SortedMap<String, String> readClasspath(ClassLoader loader) {
        return readClasspath(loader, CLASSPATH_ROOT);
    }

    public static SortedMap<String, String> readClasspath(ClassLoader loader, String root) {
        URL url = loader.getResource(root);
        boolean viaReadme = false;
        if (url == null) {
            // A jar built without directory entries has no resource for the folder itself; its README is.
            url = loader.getResource(root + "/README.md");
            viaReadme = true;
        }
        if (url == null) {
            throw new IllegalArgumentException("no '" + root + "' folder on the classpath");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("classpath location " + url + " is not a valid URI", e);
        }
        if (viaReadme) {
            String text = uri.toString();
            uri = URI.create(text.substring(0, text.length() - "/README.md".length()));
        }
        if ("file".equals(uri.getScheme())) {
            return read(Path.of(uri));
        }
        if ("jar".equals(uri.getScheme())) {
            return readFromJar(uri);
        }
        throw new IllegalArgumentException("cannot read rules from classpath location " + uri + " (only file: and jar: are supported)");
    }

    private static SortedMap<String, String> readFromJar(URI uri) {
        // A jar file system may already be open (another reader, or the application itself); only close
        // the one this method opened.
        FileSystem opened = null;
        FileSystem fileSystem;
        try {
            try {
                opened = FileSystems.newFileSystem(uri, Map.of());
                fileSystem = opened;
            } catch (FileSystemAlreadyExistsException e) {
                fileSystem = FileSystems.getFileSystem(uri);
            }
            String inside = uri.getSchemeSpecificPart();
            inside = inside.substring(inside.indexOf("!/") + 1);
            return read(fileSystem.getPath(inside));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + uri, e);
        } finally {
            if (opened != null) {
                try {
                    opened.close();
                } catch (IOException ignored) {
                    // the content has been read already; a failed close changes nothing for the caller
                }
            }
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashed(Path relative) {
        List<String> parts = new java.util.ArrayList<>();
        relative.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }
}
