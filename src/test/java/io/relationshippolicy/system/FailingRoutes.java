package io.relationshippolicy.system;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.sql.SQLException;

/** Routes that fail on purpose, present only in the test that switches them on. */
@Controller("/test-failures")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "test.failing-routes", value = "true")
class FailingRoutes {

    @Get("/database")
    String database() {
        throw new Database.DatabaseException(new SQLException(
                "Syntax error in SQL statement \"SELECT secret FROM signing_key WHERE purpose = 'REQUEST_LINK'\"", "42000"));
    }

    @Get("/unexpected")
    String unexpected() {
        throw new IllegalStateException("io.relationshippolicy.rules.ActiveRules broke at java.util.HashMap.get");
    }
}
