package io.relationshippolicy.authorization;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.relationshippolicy.security.Roles;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The yardstick of the HTTP load benchmark (bench/http-load.sh): same server, same token check, same JSON
 * body and executor as {@code POST /api/v1/decisions}, but no facts, no rules and no decision log. Off
 * unless {@code policy.bench.enabled=true}; never enable it in production.
 */
@Controller("/api/v1/bench/bare")
@Secured(Roles.PARTNER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "policy.bench.enabled", value = "true")
@Hidden
public class BareBenchController {

    private static final BareBenchAnswer CONSTANT = new BareBenchAnswer("ALLOW", null);

    @Get
    public BareBenchAnswer get() {
        return CONSTANT;
    }

    @Post
    public BareBenchAnswer post(@Body AuthorizationRequestBody body) {
        return new BareBenchAnswer("ALLOW", body.partnerId());
    }
}
