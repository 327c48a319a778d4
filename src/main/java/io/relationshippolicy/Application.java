package io.relationshippolicy;

import io.micronaut.runtime.Micronaut;
import io.relationshippolicy.rules.RulesCommand;
import io.relationshippolicy.security.DevelopmentTokens;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "Relationship Policy", version = "1",
                description = "Policy decisions for cloud partner relationships and delegated admin privileges (DAP). "
                        + "Every decision cites the clause of the Partner Center article it rests on and is written to a "
                        + "tamper-evident decision log before it is answered."),
        security = @SecurityRequirement(name = "bearerAuth"))
@SecurityScheme(name = "bearerAuth", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
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
