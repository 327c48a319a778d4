package io.relationshippolicy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.relationshippolicy.security.JwtSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar relationship-policy.jar ...} as a newcomer types it: help never starts the server, mistakes
 * are named in one line with exit code 2, and {@code token} signs with the secret the service checks tokens with.
 * Every call goes through the jar's entry point, minus {@code System.exit} and {@code Micronaut.run}.
 */
class CommandLineTest {

    private static final String OWN_SECRET = "a-secret-chosen-by-the-operator-0123456789";

    @TempDir
    Path dataDir;

    record Run(CommandLine.Launch launch, String out, String err) {

        int exitCode() {
            assertFalse(launch.startsServer(), "a command, not the server");
            return launch.exitCode();
        }

        String firstErrorLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private Run run(String... args) {
        return runWith(Map.of("POLICY_DATA_DIR", dataDir.toString()), args);
    }

    private static Run runWith(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine.Launch launch = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CommandLine.interpret(args, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Run(launch, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheCommandsAndDoesNotStartTheServer() {
        for (List<String> asked : List.of(List.of("help"), List.of("--help"), List.of("-h"), List.of("-Dlogger.levels.root=WARN", "--help"))) {
            Run help = run(asked.toArray(String[]::new));
            assertEquals(0, help.exitCode(), String.join(" ", asked));
            assertTrue(help.out().startsWith("usage: java -jar relationship-policy.jar [COMMAND]"), help.out());
            for (String command : List.of("(none)", "token", "rules test", "rules impact")) {
                assertTrue(help.out().contains("\n  " + command + " "), command + " is described: " + help.out());
            }
            assertEquals("", help.err());
        }
    }

    @Test
    void withoutACommandOrWithMicronautSettingsTheServerStarts() {
        assertTrue(run().launch().startsServer());
        assertTrue(run("--micronaut.server.port=9090").launch().startsServer());
        assertTrue(run("-Dmicronaut.server.port=9090", "--policy.demo-data.enabled=false").launch().startsServer());
        assertEquals("", run("--micronaut.server.port=9090").out(), "nothing printed before Micronaut takes over");
    }

    @Test
    void eachCommandDescribesItsOptions() {
        Run token = run("token", "--help");
        assertEquals(0, token.exitCode());
        assertTrue(token.out().startsWith("usage: token --role ROLE"), token.out());
        assertTrue(token.out().contains("--tenant ID") && token.out().contains("--ttl-minutes N") && token.out().contains("POLICY_DATA_DIR"),
                token.out());
        assertFalse(Files.exists(dataDir.resolve(JwtSecrets.DEV_SECRET_FILE)), "help creates no secret");

        Run rules = run("rules", "--help");
        assertEquals(0, rules.exitCode());
        assertTrue(rules.out().contains("rules test [FOLDER]") && rules.out().contains("rules impact --candidate FOLDER"), rules.out());

        Run test = run("rules", "test", "--help");
        assertEquals(0, test.exitCode());
        assertTrue(test.out().startsWith("usage: rules test [FOLDER]") && test.out().contains("POLICY_RULES_PATH"), test.out());
        assertFalse(test.out().contains("Rules folder"), "nothing was compiled");

        Run impact = run("rules", "impact", "--help");
        assertEquals(0, impact.exitCode());
        assertTrue(impact.out().startsWith("usage: rules impact --candidate FOLDER") && impact.out().contains("--last N")
                && impact.out().contains("DATASOURCES_DEFAULT_URL"), impact.out());

        assertEquals(token.out(), run("help", "token").out(), "help COMMAND is COMMAND --help");
        assertEquals(impact.out(), run("help", "rules", "impact").out());
        assertEquals(test.out(), run("rules", "test", "-h").out());
    }

    @Test
    void anUnknownCommandOrOptionIsNamedInOneLineWithTheUsage() {
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertEquals("unknown command 'frobnicate': the commands are token, rules test, rules impact, help", unknown.firstErrorLine());
        assertTrue(unknown.err().contains("usage: java -jar relationship-policy.jar [COMMAND]"), unknown.err());
        assertEquals("", unknown.out());

        Run option = run("token", "--role", "OPERATOR", "--frobnicate", "x");
        assertEquals(2, option.exitCode());
        assertEquals("unknown option '--frobnicate' for 'token'", option.firstErrorLine());
        assertTrue(option.err().contains("usage: token --role ROLE"), option.err());
        assertEquals("", option.out(), "no token");

        Run rulesOption = run("rules", "impact", "--frobnicate");
        assertEquals(2, rulesOption.exitCode());
        assertTrue(rulesOption.out().startsWith("unknown option --frobnicate for 'rules impact'\nusage: rules test"), rulesOption.out());
        assertEquals(2, run("rules", "test", "--frobnicate").exitCode());
        assertEquals(2, run("rules", "frobnicate").exitCode());
    }

    @Test
    void tokenRefusesAnUnknownRole() {
        for (String role : List.of("ADMIN", "partner", "=1+2")) {
            Run refused = run("token", "--role", role);
            assertEquals(2, refused.exitCode(), role);
            assertEquals("unknown role '" + role + "': the roles are PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE, AUDITOR",
                    refused.firstErrorLine());
            assertEquals("", refused.out());
        }
        assertFalse(Files.exists(dataDir.resolve(JwtSecrets.DEV_SECRET_FILE)), "a refused request creates no secret");
    }

    @Test
    void tokenRefusesATenantRoleWithoutTenant() {
        Run partner = run("token", "--role", "PARTNER");
        assertEquals(2, partner.exitCode());
        assertEquals("--role PARTNER needs --tenant: the id of the partner, as in --tenant P-CONTOSO", partner.firstErrorLine());
        assertEquals("", partner.out());

        Run customer = run("token", "--role", "AUDITOR", "--role", "CUSTOMER_USER");
        assertEquals(2, customer.exitCode());
        assertEquals("--role CUSTOMER_USER needs --tenant: the id of the customer, as in --tenant C-NORTHWIND", customer.firstErrorLine());

        assertEquals("a token needs at least one --role", run("token").firstErrorLine());
        assertEquals("--tenant needs a value", run("token", "--role", "PARTNER", "--tenant").firstErrorLine());
        assertEquals(2, run("token", "--role", "OPERATOR", "--ttl-minutes", "soon").exitCode());
        assertEquals(2, run("token", "--role", "OPERATOR", "--ttl-minutes", "0").exitCode());
    }

    @Test
    void tokenSignsWithTheDevelopmentSecretOfTheDataFolderCreatingItOnce() throws Exception {
        Path secretFile = dataDir.resolve("nested").resolve(JwtSecrets.DEV_SECRET_FILE);
        Map<String, String> env = Map.of("POLICY_DATA_DIR", dataDir.resolve("nested").toString());

        Run first = runWith(env, "token", "--role", "PARTNER", "--tenant", "P-CONTOSO");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.exists(secretFile), "created where the service looks for it");
        assertTrue(first.firstErrorLine().startsWith("No development secret in " + secretFile.getParent() + " yet (data folder from POLICY_DATA_DIR): created "
                + secretFile + "."), first.err());
        String secret = Files.readString(secretFile).trim();
        JWTClaimsSet claims = verified(first.out(), secret);
        assertEquals("P-CONTOSO", claims.getStringClaim("tenant"));
        assertEquals(List.of("PARTNER"), claims.getStringListClaim("roles"));
        assertEquals("p-contoso-user", claims.getSubject());

        Run second = runWith(env, "token", "--role", "OPERATOR", "--sub", "ops");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals("Signed with the development secret in " + secretFile + " (data folder from POLICY_DATA_DIR).", second.firstErrorLine());
        assertEquals(secret, Files.readString(secretFile).trim(), "the same secret, not a new one");
        JWTClaimsSet operator = verified(second.out(), secret);
        assertEquals("ops", operator.getSubject());
        assertEquals(null, operator.getClaim("tenant"));
    }

    @Test
    void tokenPrefersTheConfiguredSecretAndCreatesNothing() throws Exception {
        Run run = runWith(Map.of("POLICY_JWT_SECRET", OWN_SECRET, "POLICY_DATA_DIR", dataDir.toString()),
                "token", "--role", "CUSTOMER_ADMIN", "--tenant", "C-NORTHWIND");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Signed with POLICY_JWT_SECRET.", run.firstErrorLine());
        assertEquals("C-NORTHWIND", verified(run.out(), OWN_SECRET).getStringClaim("tenant"));
        assertFalse(Files.exists(dataDir.resolve(JwtSecrets.DEV_SECRET_FILE)));

        Run tooShort = runWith(Map.of("POLICY_JWT_SECRET", "short"), "token", "--role", "OPERATOR");
        assertEquals(2, tooShort.exitCode());
        assertTrue(tooShort.firstErrorLine().startsWith("POLICY_JWT_SECRET must be at least 32 bytes long"), tooShort.err());
        assertEquals("", tooShort.out());
    }

    @Test
    void tokenSaysWhenItExpires() throws Exception {
        Instant before = Instant.now();
        Run run = run("token", "--role", "AUDITOR", "--ttl-minutes", "90");
        assertEquals(0, run.exitCode(), run.err());
        String secret = Files.readString(dataDir.resolve(JwtSecrets.DEV_SECRET_FILE)).trim();
        Instant expiry = verified(run.out(), secret).getExpirationTime().toInstant();
        assertEquals("Expires " + expiry + " (in 90 minutes).", run.err().lines().reduce((a, b) -> b).orElseThrow());
        Duration ttl = Duration.between(before, expiry);
        assertTrue(ttl.compareTo(Duration.ofMinutes(89)) > 0 && ttl.compareTo(Duration.ofMinutes(91)) < 0, ttl.toString());

        Run hour = run("token", "--role", "AUDITOR");
        assertTrue(hour.err().contains("(in 1 hour)."), hour.err());
    }

    /** The token alone on standard output, signed with {@code secret}. */
    private static JWTClaimsSet verified(String out, String secret) throws Exception {
        assertEquals(1, out.lines().count(), out);
        SignedJWT jwt = SignedJWT.parse(out.strip());
        assertTrue(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8))), "signed with that secret");
        return jwt.getJWTClaimsSet();
    }
}
