package io.relationshippolicy;

import io.relationshippolicy.web.OidcSettings;
import io.micronaut.runtime.Micronaut;
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
        CommandLine.Launch launch = CommandLine.interpret(args, System.getenv(), System.out, System.err);
        if (!launch.startsServer()) {
            System.exit(launch.exitCode());
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(OidcSettings.properties(System.getenv()))
                .start();
    }
}
