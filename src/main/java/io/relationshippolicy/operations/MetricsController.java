package io.relationshippolicy.operations;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.BeforeScrape;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * {@code GET /metrics} in the Prometheus text format: for operators and auditors, or for anyone where
 * {@code policy.metrics.public=true} (a scraper inside a private network, no token).
 */
public final class MetricsController {

    /** Content type of the Prometheus text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsController() {
    }

    /** The scrape itself, shared by both routes: each feature brings its meters up to date first. */
    @Singleton
    public static class Scrape {
        private final PrometheusMeterRegistry registry;
        private final List<BeforeScrape> features;

        public Scrape(PrometheusMeterRegistry registry, List<BeforeScrape> features) {
            this.registry = registry;
            this.features = features;
        }

        HttpResponse<String> response() {
            features.forEach(BeforeScrape::beforeScrape);
            return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
        }
    }

    @Controller("/metrics")
    @Secured({Roles.OPERATOR, Roles.AUDITOR})
    @Requires(property = "policy.metrics.public", notEquals = "true")
    @Tag(name = "Operations")
    public static class ForStaff {
        private final Scrape scrape;

        public ForStaff(Scrape scrape) {
            this.scrape = scrape;
        }

        @Get
        @ExecuteOn(TaskExecutors.BLOCKING)
        @Operation(summary = "Metrics in the Prometheus text format (operators and auditors)")
        public HttpResponse<String> metrics() {
            return scrape.response();
        }
    }

    @Controller("/metrics")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Requires(property = "policy.metrics.public", value = "true")
    @Tag(name = "Operations")
    public static class Public {
        private final Scrape scrape;

        public Public(Scrape scrape) {
            this.scrape = scrape;
        }

        @Get
        @ExecuteOn(TaskExecutors.BLOCKING)
        @Operation(summary = "Metrics in the Prometheus text format (open: policy.metrics.public=true)")
        public HttpResponse<String> metrics() {
            return scrape.response();
        }
    }
}
