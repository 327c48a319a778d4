package io.relationshippolicy;

import io.relationshippolicy.rules.RulesCommand;
import io.relationshippolicy.security.TokenCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@code java -jar relationship-policy.jar [COMMAND ...]} does. Without a command the service starts, and its
 * arguments go to Micronaut, which reads {@code -Dname=value} and {@code --name=value} as settings. A command runs,
 * and the process ends with its exit code: a command never starts the server.
 */
final class CommandLine {

    static final int USAGE_ERROR = 2;

    private static final List<String> COMMANDS = List.of("token", "rules test", "rules impact", "help");

    static final String USAGE = """
            usage: java -jar relationship-policy.jar [COMMAND]

            Relationship Policy: policy decisions for cloud partner relationships and delegated admin privileges.

            commands:
              (none)         run the service: HTTP on port 8080 (MICRONAUT_SERVER_PORT); the settings come from the
                             environment (README, "Configuration"), or as -Dname=value or --name=value arguments,
                             such as --micronaut.server.port=9090
              token          print a caller token signed with the service's token secret (development)
              rules test     compile a rules folder and run its scenarios, without the server
              rules impact   replay logged decisions against a candidate rules folder, without the server
              help           print this; 'COMMAND --help' or 'help COMMAND' describes a command and its options

            exit codes: 0 ok; 1 a check failed (rules test, rules impact); 2 usage error
            """;

    private CommandLine() {
    }

    /** Start the server with the arguments, or end the process with {@code exitCode}. */
    record Launch(boolean startsServer, int exitCode) {

        static final Launch SERVER = new Launch(true, 0);

        static Launch exit(int exitCode) {
            return new Launch(false, exitCode);
        }
    }

    /** Runs the command {@code args} name, if any; {@code env} stands for the process environment. */
    static Launch interpret(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return Launch.SERVER;
        }
        String command = args[0];
        if (command.equals("help") && args.length > 1) {
            String[] asked = Arrays.copyOfRange(args, 1, args.length + 1);
            asked[asked.length - 1] = "--help";
            return interpret(asked, env, out, err);
        }
        if (command.equals("help") || isHelp(command)) {
            out.print(USAGE);
            return Launch.exit(0);
        }
        if (command.startsWith("-")) {
            if (Arrays.stream(args).anyMatch(CommandLine::isHelp)) {
                out.print(USAGE);
                return Launch.exit(0);
            }
            return Launch.SERVER;
        }
        return switch (command) {
            case "token" -> Launch.exit(TokenCommand.run(args, env, out, err));
            case "rules" -> Launch.exit(RulesCommand.run(args, out));
            default -> {
                err.println("unknown command '" + command + "': the commands are " + String.join(", ", COMMANDS));
                err.println();
                err.print(USAGE);
                yield Launch.exit(USAGE_ERROR);
            }
        };
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
