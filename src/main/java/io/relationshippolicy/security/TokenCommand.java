package io.relationshippolicy.security;

import com.nimbusds.jwt.SignedJWT;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code java -jar relationship-policy.jar token --role ROLE [--tenant ID] ...}: prints a caller token signed with
 * the secret the service checks tokens with, for development and small installations.
 *
 * <p>The secret is {@code POLICY_JWT_SECRET} when set; otherwise the development secret in the service's data
 * folder, found as the service finds it ({@code policy.data-dir} in application.yml), and created there if the
 * service has not started with that folder yet. Standard output carries the token alone, so that
 * {@code TOKEN=$(... token ...)} works; where the secret came from and when the token expires go to standard error.
 *
 * <p>Exit codes: 0 a token was printed (or the help); 2 a usage error (unknown option or role, a tenant role
 * without {@code --tenant}) or a secret that cannot be used.
 */
public final class TokenCommand {

    public static final int OK = 0;
    public static final int UNUSABLE = 2;

    static final String USAGE = """
            usage: token --role ROLE [--role ROLE ...] [--tenant ID] [--sub NAME] [--ttl-minutes N]

            Prints a caller token (a JWT) on standard output, signed with POLICY_JWT_SECRET when it is set, else
            with the development secret in the service's data folder (POLICY_DATA_DIR, else ./data), created
            there if the service has not made it yet. Where the secret came from and when the token expires are
            printed on standard error.

              --role ROLE       PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE or AUDITOR; repeatable
              --tenant ID       the partner (PARTNER) or customer (CUSTOMER_ADMIN, CUSTOMER_USER) the caller acts for;
                                required with those roles
              --sub NAME        who the caller is (default: derived from the tenant or the role)
              --ttl-minutes N   how long the token is valid (default 60)

            example: token --role PARTNER --tenant P-CONTOSO
            exit codes: 0 token printed; 2 usage error or unusable secret
            """;

    private static final long DEFAULT_TTL_MINUTES = 60;

    private TokenCommand() {
    }

    /** What the command line asked for. */
    record Request(List<String> roles, String tenant, String sub, Duration ttl) {

        String subject() {
            if (sub != null) {
                return sub;
            }
            return (tenant != null ? tenant : roles.get(0)).toLowerCase() + "-user";
        }
    }

    /** The service's data folder, and the setting that chose it (for the message that says where the secret is). */
    record DataFolder(Path path, String chosenBy) {

        /** As application.yml resolves {@code policy.data-dir}: system properties before environment variables. */
        static DataFolder of(Map<String, String> env) {
            String property = System.getProperty("policy.data-dir");
            if (present(property)) {
                return new DataFolder(Path.of(property), "-Dpolicy.data-dir");
            }
            String variable = env.get("POLICY_DATA_DIR");
            if (present(variable)) {
                return new DataFolder(Path.of(variable), "POLICY_DATA_DIR");
            }
            String home = System.getProperty("policy.home");
            if (present(home)) {
                return new DataFolder(Path.of(home, "data"), "-Dpolicy.home");
            }
            home = env.get("POLICY_HOME");
            if (present(home)) {
                return new DataFolder(Path.of(home, "data"), "POLICY_HOME");
            }
            return new DataFolder(Path.of("data"), "the default ./data");
        }

        Path absolute() {
            return path.toAbsolutePath().normalize();
        }
    }

    /** {@code args[0]} is "token"; {@code env} stands for the process environment. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE);
                return OK;
            }
        }
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println();
            err.print(USAGE);
            return UNUSABLE;
        }
        String secret;
        try {
            secret = secret(env, err);
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
        String token = DevelopmentTokens.sign(secret, request.subject(), request.tenant(), request.roles(), request.ttl());
        out.println(token);
        err.println("Expires " + expiry(token) + " (in " + describe(request.ttl()) + ").");
        return OK;
    }

    static Request parse(String[] args) {
        Set<String> roles = new LinkedHashSet<>();
        String tenant = null;
        String sub = null;
        long ttlMinutes = DEFAULT_TTL_MINUTES;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else {
                value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : null;
            }
            if (!List.of("--role", "--tenant", "--sub", "--ttl-minutes").contains(option)) {
                throw new IllegalArgumentException(option.startsWith("-")
                        ? "unknown option '" + option + "' for 'token'"
                        : "unexpected argument '" + option + "': each value follows its option (--role, --tenant, --sub, --ttl-minutes)");
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            switch (option) {
                case "--role" -> roles.add(role(value));
                case "--tenant" -> tenant = value;
                case "--sub" -> sub = value;
                default -> ttlMinutes = minutes(value);
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one --role");
        }
        if (tenant == null) {
            for (String role : roles) {
                if (Roles.TENANT_ROLES.contains(role)) {
                    throw new IllegalArgumentException("--role " + role + " needs --tenant: the id of the "
                            + (role.equals(Roles.PARTNER) ? "partner, as in --tenant P-CONTOSO" : "customer, as in --tenant C-NORTHWIND"));
                }
            }
        }
        return new Request(List.copyOf(roles), tenant, sub, Duration.ofMinutes(ttlMinutes));
    }

    private static String role(String value) {
        if (!Roles.ALL.contains(value)) {
            throw new IllegalArgumentException("unknown role '" + value + "': the roles are " + String.join(", ", Roles.DOCUMENTED));
        }
        return value;
    }

    private static long minutes(String value) {
        try {
            long minutes = Long.parseLong(value);
            if (minutes > 0 && minutes <= Duration.ofDays(366).toMinutes()) {
                return minutes;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--ttl-minutes takes a whole number of minutes from 1 to 527040 (a year), not '" + value + "'");
    }

    /** The secret the service checks tokens with; says on {@code err} where it is. */
    private static String secret(Map<String, String> env, PrintStream err) {
        Optional<String> configured = JwtSecrets.configured(env.get("POLICY_JWT_SECRET"));
        if (configured.isPresent()) {
            err.println("Signed with POLICY_JWT_SECRET.");
            return configured.get();
        }
        DataFolder folder = DataFolder.of(env);
        Path file = JwtSecrets.developmentSecretFile(folder.absolute());
        boolean existed = Files.exists(file);
        String secret = JwtSecrets.developmentSecret(folder.absolute());
        if (existed) {
            err.println("Signed with the development secret in " + file + " (data folder from " + folder.chosenBy() + ").");
        } else {
            err.println("No development secret in " + folder.absolute() + " yet (data folder from " + folder.chosenBy()
                    + "): created " + file + ". The service checks tokens with it when it runs with this data folder;"
                    + " a service using another folder or POLICY_JWT_SECRET answers 401.");
        }
        return secret;
    }

    private static Instant expiry(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("cannot read back the token just signed: " + e.getMessage(), e);
        }
    }

    private static String describe(Duration ttl) {
        long minutes = ttl.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
