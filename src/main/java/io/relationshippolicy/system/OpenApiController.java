package io.relationshippolicy.system;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the OpenAPI document generated at build time, completed by {@link OpenApiAnswers} with every problem
 * answer and non-JSON media type, at /openapi and at the address the browsable UI (under /swagger-ui/) reads.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiController {

    static final String DOCUMENT = "META-INF/swagger/relationship-policy-1.yml";
    private static final String YAML = "application/yaml";

    private final String yaml;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + DOCUMENT + " is missing from the build");
            }
            yaml = OpenApiAnswers.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/openapi")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> document() {
        return HttpResponse.ok(yaml).contentType(YAML);
    }

    /** The same document where the UI looks for it, instead of the generated file the static mapping of /swagger/** would serve. */
    @Get("/swagger/relationship-policy-1.yml")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> documentForTheUi() {
        return HttpResponse.ok(yaml).contentType(YAML);
    }

    @Get("/swagger-ui")
    public HttpResponse<?> ui() {
        return HttpResponse.seeOther(java.net.URI.create("/swagger-ui/index.html"));
    }
}
