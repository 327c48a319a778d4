package io.relationshippolicy;

import io.micronaut.runtime.Micronaut;
import io.relationshippolicy.rules.RulesCommand;
import io.relationshippolicy.security.DevelopmentTokens;

public class Application {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(DevelopmentTokens.command(args));
        }
        if (args.length > 0 && args[0].equals("rules")) {
            System.exit(RulesCommand.run(args, System.out));
        }
        Micronaut.run(Application.class, args);
    }
}
