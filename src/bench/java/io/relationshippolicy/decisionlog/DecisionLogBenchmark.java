package io.relationshippolicy.decisionlog;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.support.PageClient;
import io.relationshippolicy.support.TestTokens;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.web.FormTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decision log at scale: generates a log of {@code bench.entries} entries (default 1,000,000) with a
 * valid chain through the real append (JDBC batches), then measures filtered queries, the console's search page
 * as a signed-in auditor gets it over HTTP, full verification and export, on H2 (file) and on PostgreSQL (zonky
 * embedded). Not part of the test suite (the name does not match surefire's patterns); run it with
 * {@code ./mvnw -o -Pbench test -Dtest=DecisionLogBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.databases=h2} or {@code postgres} for one; {@code -Dbench.entries=N}; the application listens on
 * 127.0.0.1:{@code bench.port}, default 19281, while the search page is measured). A generated log is
 * kept under target/bench and reused by the next run. Results: docs/performance.md.
 */
class DecisionLogBenchmark {

    private static final int ENTRIES = Integer.getInteger("bench.entries", 1_000_000);
    private static final Path ROOT = Path.of("target", "bench").toAbsolutePath();
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final long STEP_MILLIS = 30_000;
    private static final int BATCH = 5000;

    private static final String[] CODES = {"NO_RULE_ALLOWS", "PARTNER_NOT_CSP", "CLOUD_MISMATCH", "NOT_DELEGATED_ADMIN",
            "NOT_RESELLER_OF_RECORD", "RELATIONSHIP_NOT_ACTIVE", "SERVICE_NOT_GRANTED", "LINK_ALTERED", "ONE_CSP_TRANSACTING_PARTNER_PER_SERVICE",
            "CUSTOMER_ADMIN_REQUIRED", "SUBSCRIPTION_UNKNOWN", "ACTION_NOT_ALLOWED_FOR_ADVISOR"};
    private static final String[] OBLIGATIONS = {"SUPPORT_VIA_MICROSOFT_SERVICE_REQUEST", "NOTIFY_CUSTOMER", "RECORD_CONSENT", "REVIEW_WITHIN_90_DAYS"};
    private static final String[] ACTIONS = {"READ_BILLING", "CREATE_SUBSCRIPTION", "CANCEL_SUBSCRIPTION", "RESET_PASSWORD", "MANAGE_USERS",
            "OPEN_SUPPORT_TICKET", "READ_USAGE", "ASSIGN_LICENSE", "MANAGE_DOMAINS", "VIEW_INVOICES"};
    private static final String[] SERVICES = {"MICROSOFT_365", "AZURE", "DYNAMICS_365", "INTUNE"};
    private static final String[] RULES = {"sha256:1111", "sha256:2222", "sha256:3333", "sha256:4444"};
    private static final int PARTNERS = 1000;
    private static final int CUSTOMERS = 20000;
    private static final String AUDITOR = "ada@audit.example";
    private static final Pattern ROW = Pattern.compile("<tr data-sequence=\"(\\d+)\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next-page\" href=\"([^\"]*)\"");

    @Test
    void decisionLogAtScale() throws Exception {
        String databases = System.getProperty("bench.databases", "h2,postgres");
        StringBuilder report = new StringBuilder();
        if (databases.contains("h2")) {
            Path dir = ROOT.resolve("h2");
            Files.createDirectories(dir);
            report.append(run("H2 2.3.232 (file, WRITE_DELAY=0)", Map.of(
                    "datasources.default.url", "jdbc:h2:file:" + dir.resolve("log") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                    "datasources.default.username", "sa", "datasources.default.password", "")));
        }
        if (databases.contains("postgres")) {
            Path dir = ROOT.resolve("pg");
            Files.createDirectories(dir.resolve("work"));
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setServerConfig("unix_socket_directories", dir.toString())
                    .setServerConfig("shared_buffers", "256MB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start()) {
                report.append(run("PostgreSQL 17.11 (zonky embedded, default settings but shared_buffers=256MB)", Map.of(
                        "datasources.default.url", pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true",
                        "datasources.default.username", "postgres", "datasources.default.password", "")));
            }
        }
        Files.writeString(ROOT.resolve("decision-log-results.md"), report);
        System.out.println(report);
    }

    private String run(String database, Map<String, Object> datasource) throws Exception {
        Map<String, Object> properties = new HashMap<>(datasource);
        properties.put("datasources.default.dialect", "POSTGRES");
        properties.put("datasources.default.maximum-pool-size", 8);
        properties.put("policy.rules.path", System.getProperty("policy.rules.path", "rules"));
        properties.put("policy.data-dir", ROOT.resolve("data").toString());
        properties.put("policy.decision-log.checkpoints.path", ROOT.resolve("checkpoints-" + Math.abs(database.hashCode())).toString());
        properties.put("policy.demo-data.enabled", false);
        properties.put("policy.jwt.secret", TestTokens.SECRET);
        StringBuilder out = new StringBuilder("\n### " + database + ", " + ENTRIES + " entries\n\n");
        boolean h2 = datasource.get("datasources.default.url").toString().startsWith("jdbc:h2:");
        Map<String, Object> generation = new HashMap<>(properties);
        if (h2) {
            // bulk loading only: H2's background writer batches the chunk writes; measurements use WRITE_DELAY=0
            generation.put("datasources.default.url", properties.get("datasources.default.url").toString().replace(";WRITE_DELAY=0", ""));
        }
        try (ApplicationContext context = ApplicationContext.builder().environments("bench").properties(generation).start()) {
            Database db = context.getBean(Database.class);
            long head = context.getBean(DecisionLogQueries.class).headSequence();
            if (head < ENTRIES) {
                long started = System.nanoTime();
                generate(db, head, ENTRIES);
                double seconds = (System.nanoTime() - started) / 1e9;
                String line = String.format(Locale.ROOT, "Generated %,d entries through the real append (DecisionLog.appendAll, %,d per transaction) in %.0f s (%,.0f entries/s).%n%n",
                        ENTRIES - head, BATCH, seconds, (ENTRIES - head) / seconds);
                System.out.print(line);
                out.append(line);
                db.write(c -> {
                    try (var s = c.createStatement()) {
                        s.execute(h2 ? "SHUTDOWN COMPACT" : "ANALYZE");
                    } catch (java.sql.SQLException closedByShutdown) {
                        // SHUTDOWN closes the connection it runs on
                    }
                    return null;
                });
            }
        } catch (RuntimeException closedAfterShutdown) {
            if (!h2) {
                throw closedAfterShutdown;
            }
        }
        Map<String, Object> measurement = new HashMap<>(properties);
        // the search page is signed into with the demo identity ada@audit.example, offered only without a JWT secret;
        // a configured session secret keeps the sign-in from writing one to the database
        measurement.put("policy.jwt.secret", "");
        measurement.put("policy.session-secret", "bench-session-secret-0123456789abcdefghijklmnop");
        measurement.put("micronaut.server.host", "127.0.0.1");
        measurement.put("micronaut.server.port", Integer.getInteger("bench.port", 19281));
        try (ApplicationContext context = ApplicationContext.builder().environments("bench").properties(measurement).start()) {
            Database db = context.getBean(Database.class);
            db.write(c -> {
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                return null;
            });
            out.append(queries(context, context.getBean(DecisionLogQueries.class)));
            out.append(searchPage(context, context.getBean(DecisionLogQueries.class)));
            out.append(verification(context));
            out.append(export(context));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ generation

    private static void generate(Database db, long from, int to) {
        AtomicLong step = new AtomicLong(from);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return START.plusMillis(step.getAndIncrement() * STEP_MILLIS);
            }
        };
        DecisionLog log = new DecisionLog(List.of("body"), clock);
        Random random = new Random(42 + from);
        for (long n = from; n < to; n += BATCH) {
            List<LogEntry.Draft> batch = new ArrayList<>(BATCH);
            for (long i = n; i < Math.min(to, n + BATCH); i++) {
                batch.add(entry(random, i));
            }
            db.write(c -> log.appendAll(c, batch));
        }
    }

    private static LogEntry.Draft entry(Random random, long i) {
        int k = random.nextInt(100);
        DecisionKind kind = k < 80 ? DecisionKind.AUTHORIZATION : k < 86 ? DecisionKind.LINK_ISSUED : k < 90 ? DecisionKind.EMAIL_CHECK
                : k < 95 ? DecisionKind.ACCEPTANCE : k < 98 ? DecisionKind.DAP_REMOVAL : DecisionKind.RENEGOTIATION;
        boolean deny = random.nextInt(4) == 0;
        String partner = "P-" + random.nextInt(PARTNERS);
        String customer = kind == DecisionKind.LINK_ISSUED || kind == DecisionKind.EMAIL_CHECK ? null : "C-" + random.nextInt(CUSTOMERS);
        String action = kind == DecisionKind.AUTHORIZATION ? ACTIONS[random.nextInt(ACTIONS.length)] : null;
        String service = kind == DecisionKind.AUTHORIZATION || kind == DecisionKind.ACCEPTANCE ? SERVICES[random.nextInt(SERVICES.length)] : null;
        String subscription = action != null ? "S-" + random.nextInt(100000) : null;
        List<Decision.Reason> reasons = deny ? List.of(new Decision.Reason(CODES[random.nextInt(CODES.length)], "C" + (1 + random.nextInt(15)),
                "AUTH-0" + random.nextInt(40), service, null)) : List.of();
        List<Decision.Obligation> obligations = !deny && random.nextInt(10) == 0
                ? List.of(new Decision.Obligation(OBLIGATIONS[random.nextInt(OBLIGATIONS.length)], "C13", "ACC-010", service, null)) : List.of();
        String rules = RULES[(int) (i * RULES.length / Math.max(1, ENTRIES))];
        Decision decision = new Decision(kind, deny ? Outcome.DENY : Outcome.ALLOW, reasons, obligations,
                List.of("AUTH-0" + random.nextInt(40), "AUTH-0" + random.nextInt(40)), rules);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("partnerId", partner);
        request.put("customerId", customer);
        request.put("action", action);
        request.put("service", service);
        request.put("subscriptionId", subscription);
        if (kind == DecisionKind.EMAIL_CHECK) {
            request.put("body", "Dear customer, to accept our request open https://policy.example/accept?partner=" + partner + "&sig=" + i);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("customer", Map.of("id", customer == null ? "-" : customer, "name", "Customer " + customer, "cloud", "PUBLIC"));
        facts.put("partners", List.of(Map.of("id", partner, "name", "Partner " + partner, "cloud", "PUBLIC", "program", "CSP"),
                Map.of("id", "P-" + random.nextInt(PARTNERS), "name", "Another partner", "cloud", "PUBLIC", "program", "NON_CSP")));
        facts.put("relationships", List.of(Map.of("partnerId", partner, "state", "ACTIVE", "partnerConsentsToTerminate", false,
                "customerConsentsToTerminate", false)));
        facts.put("grants", Arrays.asList(Map.of("partnerId", partner, "service", "AZURE", "delegatedAdmin", true, "transacting", random.nextBoolean()),
                Map.of("partnerId", partner, "service", "MICROSOFT_365", "delegatedAdmin", random.nextBoolean(), "transacting", false)));
        facts.put("subscriptions", List.of(Map.of("id", "S-" + random.nextInt(100000), "service", "AZURE", "resellerOfRecord", partner)));
        Caller actor = new Caller(partner.toLowerCase(Locale.ROOT) + "-user", partner, Set.of("PARTNER"));
        return LogEntry.of(decision, actor).partnerId(partner).customerId(customer).action(action).service(service)
                .subscriptionId(subscription).input(Map.of("request", request, "facts", facts)).durationMicros(150 + random.nextInt(2000));
    }

    // ------------------------------------------------------------------ measurements

    /** The filter mix of the API queries and of the search page, as the filters' names and values. */
    private static Map<String, Supplier<Map<String, Object>>> filterMix(Random random) {
        Instant end = START.plusMillis(ENTRIES * STEP_MILLIS);
        long days = Math.max(1, Duration.between(START, end).toDays());
        Map<String, Supplier<Map<String, Object>>> cases = new LinkedHashMap<>();
        cases.put("partnerId", () -> Map.of("partnerId", "P-" + random.nextInt(PARTNERS)));
        cases.put("customerId", () -> Map.of("customerId", "C-" + random.nextInt(CUSTOMERS)));
        cases.put("kind + outcome (ACCEPTANCE, DENY)", () -> Map.of("kind", "ACCEPTANCE", "outcome", "DENY"));
        cases.put("code (reason or obligation)", () -> Map.of("code", random.nextBoolean() ? CODES[random.nextInt(CODES.length)]
                : OBLIGATIONS[random.nextInt(OBLIGATIONS.length)]));
        cases.put("action + service", () -> Map.of("action", ACTIONS[random.nextInt(ACTIONS.length)], "service", SERVICES[random.nextInt(SERVICES.length)]));
        cases.put("rulesVersion + outcome", () -> Map.of("rulesVersion", RULES[random.nextInt(RULES.length)], "outcome", "DENY"));
        cases.put("one day (from, to)", () -> {
            Instant from = START.plus(Duration.ofDays(random.nextLong(days)));
            return Map.of("from", from, "to", from.plus(Duration.ofDays(1)));
        });
        cases.put("partnerId + 30 days", () -> {
            Instant from = START.plus(Duration.ofDays(random.nextLong(days)));
            return Map.of("partnerId", "P-" + random.nextInt(PARTNERS), "from", from, "to", from.plus(Duration.ofDays(30)));
        });
        cases.put("customerId + kind + code", () -> Map.of("customerId", "C-" + random.nextInt(CUSTOMERS), "kind", "AUTHORIZATION",
                "code", CODES[random.nextInt(CODES.length)]));
        cases.put("no filter", Map::of);
        return cases;
    }

    private String queries(ApplicationContext context, DecisionLogQueries queries) throws Exception {
        JsonMapper json = context.getBean(JsonMapper.class);
        Map<String, Supplier<DecisionLogQueries.Filter>> cases = new LinkedHashMap<>();
        filterMix(new Random(7)).forEach((name, values) -> cases.put(name, () -> filter(values.get())));

        StringBuilder out = new StringBuilder("| query (page of 50, newest first, rendered to JSON) | p50 ms | p95 ms | max ms | entries per page (avg) |\n|---|---|---|---|---|\n");
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, Supplier<DecisionLogQueries.Filter>> c : cases.entrySet()) {
            for (int i = 0; i < 30; i++) {
                page(queries, json, c.getValue().get(), null);
            }
            double[] times = new double[200];
            long rows = 0;
            for (int i = 0; i < times.length; i++) {
                DecisionLogQueries.Filter f = c.getValue().get();
                long t0 = System.nanoTime();
                rows += page(queries, json, f, null);
                times[i] = (System.nanoTime() - t0) / 1e6;
                all.add(times[i]);
            }
            Arrays.sort(times);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f |%n", c.getKey(), times[100], times[189], times[199], rows / 200.0));
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.append(String.format(Locale.ROOT, "| **all %d queries** | %.2f | **%.2f** | %.2f | |%n%n", sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sorted[sorted.length - 1]));
        return out.toString();
    }

    /**
     * The console's search page as a signed-in auditor gets it: the real application serves it over HTTP on
     * 127.0.0.1, and each request is timed by the client in the same JVM, from sending the request to the last
     * byte of the page (an upper bound of the server's time). Each answer must hold as many rows as the API's
     * page for the same filter; the log must not grow while the pages are read.
     */
    private String searchPage(ApplicationContext context, DecisionLogQueries queries) {
        long head = queries.headSequence();
        Map<String, Supplier<Map<String, Object>>> cases = filterMix(new Random(7));
        StringBuilder out = new StringBuilder("| search page GET /console/decisions (page of 50, signed in as auditor) | p50 ms | p95 ms | max ms | rows per page (avg) |\n"
                + "|---|---|---|---|---|\n");
        List<Double> timed = new ArrayList<>();
        String load;
        NettyEmbeddedServer server = (NettyEmbeddedServer) context.getBean(EmbeddedServer.class);
        server.start();
        try {
            PageClient auditor = new PageClient("http://127.0.0.1:" + server.getPort());
            signInAsAuditor(auditor);
            List<Supplier<Map<String, Object>>> mix = new ArrayList<>(cases.values());
            Map<String, Supplier<String>> pages = new LinkedHashMap<>();
            cases.forEach((name, values) -> pages.put(name, () -> "/console/decisions" + query(values.get())));
            AtomicLong turn = new AtomicLong();
            pages.put("next page (Older entries) of each filter in turn", () -> {
                String first = "/console/decisions" + query(mix.get((int) (turn.getAndIncrement() % mix.size())).get());
                String next = nextHref(searched(auditor, queries, first));
                return next == null ? first : next;
            });
            // a running console has rendered its templates and compiled its code long before: warm both first
            List<Supplier<String>> everyPage = new ArrayList<>(pages.values());
            for (int i = 0; i < 300; i++) {
                searched(auditor, queries, everyPage.get(i % everyPage.size()).get());
            }
            String loadBefore = loadAverage();
            for (Map.Entry<String, Supplier<String>> c : pages.entrySet()) {
                for (int i = 0; i < 30; i++) {
                    searched(auditor, queries, c.getValue().get());
                }
                double[] times = new double[200];
                long rows = 0;
                for (int i = 0; i < times.length; i++) {
                    String path = c.getValue().get();
                    long t0 = System.nanoTime();
                    PageClient.Page page = auditor.get(path);
                    times[i] = (System.nanoTime() - t0) / 1e6;
                    timed.add(times[i]);
                    rows += checkedRows(queries, path, page);
                }
                Arrays.sort(times);
                out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f |%n", c.getKey(), times[100], times[189], times[199], rows / 200.0));
            }
            load = "load average (1, 5, 15 min) " + loadBefore + " before, " + loadAverage() + " after";
        } finally {
            // the application context stays up for the measurements that follow
            server.stopServerOnly();
        }
        if (queries.headSequence() != head) {
            throw new AssertionError("the log grew from " + head + " to " + queries.headSequence() + " entries while the search page was measured");
        }
        double[] sorted = timed.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.append(String.format(Locale.ROOT, "| **all %d pages** | %.2f | **%.2f** | %.2f | |%n%nSearch page measured at %s.%n%n", sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sorted[sorted.length - 1], load));
        return out.toString();
    }

    /** Signs in as the browser tests do: the sign-in page's form token, then the demo identity's button. */
    private static void signInAsAuditor(PageClient client) {
        PageClient.Page signIn = client.get("/sign-in?return=/console/decisions");
        if (signIn.status() != 200 || !signIn.body().contains(AUDITOR)) {
            throw new AssertionError("the sign-in page does not offer " + AUDITOR + ": " + signIn.status());
        }
        PageClient.Page signedIn = client.post("/sign-in/demo", Map.of(FormTokens.FIELD, signIn.field(FormTokens.FIELD), "sub", AUDITOR,
                "return", "/console/decisions"));
        if (signedIn.status() != 303 || !"/console/decisions".equals(signedIn.header("Location"))) {
            throw new AssertionError("signing in as " + AUDITOR + " answered " + signedIn.status() + " " + signedIn.header("Location"));
        }
    }

    private static PageClient.Page searched(PageClient client, DecisionLogQueries queries, String path) {
        PageClient.Page page = client.get(path);
        checkedRows(queries, path, page);
        return page;
    }

    /** The rows of a search page, which must be the entries the API's query gives for the same filters and cursor. */
    private static int checkedRows(DecisionLogQueries queries, String path, PageClient.Page page) {
        if (page.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + page.status() + ": " + page.body());
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(path).getRawQuery() == null ? new String[0] : URI.create(path).getRawQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        DecisionLogQueries.Filter filter = DecisionLogController.filter(parameters.get("partnerId"), parameters.get("customerId"),
                parameters.get("kind"), parameters.get("outcome"), parameters.get("code"), parameters.get("action"), parameters.get("service"),
                parameters.get("rulesVersion"), parameters.get("from"), parameters.get("to"));
        Long before = parameters.containsKey("cursor") ? DecisionLogController.decodeCursor(parameters.get("cursor")) : null;
        List<StoredEntry> expected = queries.page(filter, before, DecisionLogController.DEFAULT_LIMIT).entries();
        Matcher row = ROW.matcher(page.body());
        List<String> shown = new ArrayList<>();
        while (row.find()) {
            shown.add(row.group(1));
        }
        List<String> wanted = expected.stream().map(e -> String.valueOf(e.content().sequence())).toList();
        if (!shown.equals(wanted) || (wanted.isEmpty() && !page.body().contains("id=\"no-entries\""))) {
            throw new AssertionError("GET " + path + " shows the entries " + shown + ", the API's query gives " + wanted);
        }
        return shown.size();
    }

    /** The machine is shared: its load average goes with the figures. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (java.io.IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    private static String nextHref(PageClient.Page page) {
        Matcher next = NEXT.matcher(page.body());
        return next.find() ? next.group(1).replace("&amp;", "&") : null;
    }

    private static String query(Map<String, Object> values) {
        List<String> pairs = new ArrayList<>();
        new java.util.TreeMap<>(values).forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)));
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private static int page(DecisionLogQueries queries, JsonMapper json, DecisionLogQueries.Filter f, Long before) throws Exception {
        List<StoredEntry> found = queries.newestFirst(f, before, 51);
        List<Map<String, Object>> page = new ArrayList<>();
        for (StoredEntry e : found.subList(0, Math.min(50, found.size()))) {
            page.add(e.view(json, Locale.ENGLISH));
        }
        json.writeValueAsBytes(Map.of("entries", page));
        return page.size();
    }

    private static DecisionLogQueries.Filter filter(Map<String, Object> m) {
        return new DecisionLogQueries.Filter((String) m.get("partnerId"), (String) m.get("customerId"), (String) m.get("kind"),
                (String) m.get("outcome"), (String) m.get("code"), (String) m.get("action"), (String) m.get("service"),
                (String) m.get("rulesVersion"), (Instant) m.get("from"), (Instant) m.get("to"));
    }

    private String verification(ApplicationContext context) {
        DecisionLogVerifier verifier = context.getBean(DecisionLogVerifier.class);
        long t0 = System.nanoTime();
        DecisionLogVerifier.Verification v = verifier.verify(List.of());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!v.valid()) {
            throw new AssertionError("the generated chain does not verify: " + v);
        }
        return String.format(Locale.ROOT, "Full chain verification: %,d entries in **%.1f s** (%,.0f entries/s).%n%n",
                v.entriesChecked(), seconds, v.entriesChecked() / seconds);
    }

    private String export(ApplicationContext context) throws Exception {
        DecisionLogExport export = context.getBean(DecisionLogExport.class);
        StringBuilder out = new StringBuilder();
        for (DecisionLogExport.Format format : DecisionLogExport.Format.values()) {
            long t0 = System.nanoTime();
            long bytes = 0;
            long lines = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = export.stream(DecisionLogQueries.Filter.none(), format, Locale.ENGLISH)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long entries = format == DecisionLogExport.Format.CSV ? lines - 1 : lines;
            out.append(String.format(Locale.ROOT, "Export %s of the whole log: %,d entries, %,d MB in %.1f s: **%,.0f entries/s** (%.0f MB/s).%n%n",
                    format, entries, bytes >> 20, seconds, entries / seconds, (bytes >> 20) / seconds));
        }
        return out.toString();
    }
}
