package io.relationshippolicy.rules;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.RuleFileError;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * The rules workflow offline, for the compliance team's own CI, from the service's jar:
 *
 * <pre>
 * java -jar relationship-policy.jar rules test [folder]
 * java -jar relationship-policy.jar rules impact --candidate folder [--last N] [--url JDBC_URL --user U --password P]
 * </pre>
 *
 * {@code test} compiles the folder and runs its scenarios, exactly as a reload does. {@code impact} does
 * the same for a candidate folder and replays the newest logged decisions of the configured database
 * against it (the database the service is configured with, through the same settings:
 * DATASOURCES_DEFAULT_URL, _USERNAME, _PASSWORD or application.yml; {@code --url} overrides).
 *
 * <p>Exit codes: 0 all good (and, for impact, no logged decision would change); 1 the rules do not compile,
 * a scenario fails, or (impact) at least one logged decision would change; 2 usage error, or a folder or the
 * database that cannot be read.
 */
public final class RulesCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int UNUSABLE = 2;

    static final String USAGE = """
            usage: rules test [FOLDER]
                   rules impact --candidate FOLDER [--last N] [--url JDBC_URL] [--user USER] [--password PASSWORD]
            'rules test --help' and 'rules impact --help' describe each command.
            exit codes: 0 ok; 1 compile errors, failing scenarios or (impact) decisions that would change; 2 usage or I/O error
            """;

    static final String TEST_USAGE = """
            usage: rules test [FOLDER]

            Compiles a rules folder and runs its scenarios, exactly as a reload does, without the server.

              FOLDER   the rules folder (default: $POLICY_RULES_PATH, else ./rules)

            exit codes: 0 compiles and every scenario passes; 1 compile errors or failing scenarios;
                        2 usage error or no such folder
            """;

    static final String IMPACT_USAGE = """
            usage: rules impact --candidate FOLDER [--last N] [--url JDBC_URL] [--user USER] [--password PASSWORD]

            Checks a whole candidate rules folder as 'rules test' does, then replays the newest logged decisions
            against it and lists those that would change. The database is the service's own
            (DATASOURCES_DEFAULT_URL, _USERNAME, _PASSWORD, or application.yml) unless --url names another; it is
            read only. An H2 file opens in one process at a time: run it while the service is stopped, or on a copy.

              --candidate FOLDER   the candidate rules folder (required)
              --last N             how many of the newest logged decisions to replay (default 10000)
              --url JDBC_URL       the database holding the decision log
              --user USER          its user
              --password PASSWORD  its password

            exit codes: 0 compiles, every scenario passes, no logged decision would change;
                        1 compile errors, failing scenarios, or at least one logged decision would change;
                        2 usage error, no such folder, database unreachable
            """;

    private RulesCommand() {
    }

    /** {@code args[0]} is "rules". */
    public static int run(String[] args, PrintStream out) {
        if (args.length < 2) {
            return usage(out, null);
        }
        if (isHelp(args[1]) || args[1].equals("help")) {
            out.print(USAGE);
            return OK;
        }
        boolean help = Arrays.stream(args, 2, args.length).anyMatch(RulesCommand::isHelp);
        try {
            return switch (args[1]) {
                case "test" -> help ? help(out, TEST_USAGE) : test(args, out);
                case "impact" -> help ? help(out, IMPACT_USAGE) : impact(args, out);
                default -> usage(out, "unknown command 'rules " + args[1] + "'");
            };
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static int help(PrintStream out, String usage) {
        out.print(usage);
        return OK;
    }

    private static int test(String[] args, PrintStream out) {
        if (args.length > 3) {
            return usage(out, "'rules test' takes one folder at most");
        }
        if (args.length == 3 && args[2].startsWith("-")) {
            return usage(out, "unknown option " + args[2] + " for 'rules test'");
        }
        Path folder = Path.of(args.length == 3 ? args[2] : defaultFolder());
        if (!Files.isDirectory(folder)) {
            out.println("No rules folder at " + folder.toAbsolutePath().normalize());
            return UNUSABLE;
        }
        CheckedRules checked = CheckedRules.check(new DrlCompiler(), RuleFolder.read(folder));
        try {
            out.println("Rules folder " + folder.toAbsolutePath().normalize());
            return report(checked, out) ? OK : FAILED;
        } finally {
            checked.discard();
        }
    }

    private static int impact(String[] args, PrintStream out) {
        String candidate = null;
        String url = null;
        String user = null;
        String password = null;
        Integer last = null;
        for (int i = 2; i < args.length; i++) {
            String option = args[i];
            if (!List.of("--candidate", "--last", "--url", "--user", "--password").contains(option)) {
                return usage(out, (option.startsWith("-") ? "unknown option " : "unexpected argument ") + option + " for 'rules impact'");
            }
            if (i + 1 >= args.length) {
                return usage(out, option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--candidate" -> candidate = value;
                case "--last" -> last = positive(value);
                case "--url" -> url = value;
                case "--user" -> user = value;
                default -> password = value;
            }
        }
        if (candidate == null) {
            return usage(out, "'rules impact' needs --candidate FOLDER");
        }
        Path folder = Path.of(candidate);
        if (!Files.isDirectory(folder)) {
            out.println("No candidate folder at " + folder.toAbsolutePath().normalize());
            return UNUSABLE;
        }
        Settings settings = Settings.resolve(url, user, password, last);
        SortedMap<String, String> files = RuleFolder.read(folder);
        CheckedRules checked = CheckedRules.check(new DrlCompiler(), files);
        try {
            out.println("Candidate " + folder.toAbsolutePath().normalize());
            boolean passes = report(checked, out);
            if (!checked.compiles()) {
                return FAILED;
            }
            ImpactAnalysis.Impact impact;
            try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
                c.setReadOnly(true);
                impact = DecisionLogReplay.replay(checked.engine(), settings.last(), c);
            } catch (SQLException e) {
                out.println("Cannot read the decision log at " + settings.url() + ": " + e.getMessage());
                return UNUSABLE;
            }
            out.println();
            out.println("Impact: replayed " + impact.replayed() + " of the last " + settings.last() + " logged decisions; "
                    + impact.changed().size() + " would change" + (impact.skipped().isEmpty() ? "" : ", " + impact.skipped().size() + " could not be replayed"));
            for (ImpactAnalysis.Change change : impact.changed()) {
                out.println("  " + change.decisionId() + "  #" + change.sequence() + "  " + change.kind() + "  " + change.decidedAt()
                        + "  partner " + change.partnerId() + "  customer " + change.customerId());
                out.println("      before " + verdict(change.before()));
                out.println("      after  " + verdict(change.after()));
            }
            for (ImpactAnalysis.Skipped skipped : impact.skipped()) {
                out.println("  skipped " + skipped.decisionId() + " #" + skipped.sequence() + ": " + skipped.reason());
            }
            for (ImpactAnalysis.Skipped over : impact.overBudget()) {
                out.println("  refused on " + over.decisionId() + " #" + over.sequence() + ": " + over.reason());
            }
            return passes && impact.changed().isEmpty() && impact.overBudget().isEmpty() ? OK : FAILED;
        } finally {
            checked.discard();
        }
    }

    /** Prints the compile and scenario result; true when the version could go live. */
    private static boolean report(CheckedRules checked, PrintStream out) {
        out.println("Version " + checked.version());
        if (!checked.compiles()) {
            out.println("Does not compile: " + checked.compileErrors().size() + " error(s)");
            for (RuleFileError e : checked.compileErrors()) {
                out.println("  " + e.file() + (e.line() > 0 ? ":" + e.line() + (e.column() > 0 ? ":" + e.column() : "") : "") + "  " + e.message());
            }
            out.println("FAILED");
            return false;
        }
        ScenarioReport report = checked.scenarios();
        out.println("Compiles: " + checked.engine().rules().size() + " rules");
        out.println("Scenarios: " + report.passed() + " passed, " + report.failed() + " failed");
        for (ScenarioReport.Failure failure : report.failures()) {
            out.println("  " + failure);
        }
        out.println(checked.passes() ? "OK" : "FAILED");
        return checked.passes();
    }

    private static String verdict(ImpactAnalysis.Verdict v) {
        return v.outcome() + " " + v.codes();
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--last takes a number of decisions (0 or more), not '" + value + "'");
    }

    private static String defaultFolder() {
        String configured = System.getenv("POLICY_RULES_PATH");
        return configured == null || configured.isBlank() ? "rules" : configured;
    }

    private static int usage(PrintStream out, String problem) {
        if (problem != null) {
            out.println(problem);
        }
        out.print(USAGE);
        return UNUSABLE;
    }

    /** Where the decision log is: the service's own configuration, unless overridden on the command line. */
    record Settings(String url, String user, String password, int last) {

        static Settings resolve(String url, String user, String password, Integer last) {
            try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).banner(false).build()) {
                Environment environment = context.getEnvironment();
                environment.start();
                return new Settings(
                        url != null ? url : environment.getProperty("datasources.default.url", String.class).orElseThrow(
                                () -> new IllegalArgumentException("no database configured: set DATASOURCES_DEFAULT_URL or pass --url")),
                        user != null ? user : environment.getProperty("datasources.default.username", String.class).orElse(null),
                        password != null ? password : environment.getProperty("datasources.default.password", String.class).orElse(null),
                        last != null ? last : environment.getProperty("policy.rules.impact.last", Integer.class).orElse(10_000));
            }
        }
    }
}
