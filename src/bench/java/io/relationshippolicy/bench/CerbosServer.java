package io.relationshippolicy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Cerbos PDP started on 127.0.0.1 for the differential test, with the peer policy of
 * {@code src/bench/resources/cerbos/policies} and {@code src/bench/resources/cerbos/config.yaml} (no telemetry,
 * audit off). The binary is the one {@code bench/cerbos-fetch.sh} puts in {@code target/cerbos/cerbos}
 * (system property {@code cerbos.binary} names another).
 */
public final class CerbosServer implements AutoCloseable {

    public static final Path POLICIES = Path.of(System.getProperty("cerbos.policies", "src/bench/resources/cerbos/policies"));
    public static final Path CONFIG = Path.of(System.getProperty("cerbos.config", "src/bench/resources/cerbos/config.yaml"));

    private final Process process;
    private final Path work;
    private final URI base;

    private CerbosServer(Process process, Path work, URI base) {
        this.process = process;
        this.work = work;
        this.base = base;
    }

    /** The fetched binary, or an explanation of how to fetch it. */
    public static Path binary() {
        Path binary = Path.of(System.getProperty("cerbos.binary", "target/cerbos/cerbos"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no Cerbos binary at " + binary.toAbsolutePath()
                    + ": run bench/cerbos-fetch.sh first (or bench/cerbos-differential.sh, which does)");
        }
        return binary;
    }

    /** {@code cerbos compile} of the policy folder, which also runs its own tests: exit code and output. */
    public static Result compile() {
        return run(List.of(binary().toString(), "compile", "--color=never", POLICIES.toString()));
    }

    public record Result(int exitCode, String output) {
    }

    public static CerbosServer start() {
        try {
            Path work = Files.createTempDirectory("cerbos-peer");
            int http = freePort();
            int grpc = freePort();
            int debug = freePort();
            ProcessBuilder builder = new ProcessBuilder(binary().toAbsolutePath().toString(), "server",
                    "--config=" + CONFIG.toAbsolutePath(), "--debug-listen-addr=127.0.0.1:" + debug, "--log-level=warn")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("cerbos.log").toFile());
            builder.environment().put("CERBOS_NO_TELEMETRY", "1");
            builder.environment().put("CERBOS_HTTP_PORT", Integer.toString(http));
            builder.environment().put("CERBOS_GRPC_PORT", Integer.toString(grpc));
            builder.environment().put("CERBOS_POLICY_DIR", POLICIES.toAbsolutePath().toString());
            builder.environment().put("CERBOS_AUDIT_DIR", work.resolve("audit").toString());
            Process process = builder.start();
            CerbosServer server = new CerbosServer(process, work, URI.create("http://127.0.0.1:" + http));
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return base;
    }

    private void awaitHealthy() throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/_cerbos/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        String log = Files.readString(work.resolve("cerbos.log"));
        close();
        throw new IllegalStateException("Cerbos did not become healthy at " + base + ":\n" + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(work);
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
