package io.relationshippolicy.rules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relationshippolicy.system.BeforeScrape;
import jakarta.inject.Singleton;

/** {@code policy_rules_info{version=...} 1}: which rules version serves, kept on the active one at every scrape. */
@Singleton
public class RulesMetrics implements BeforeScrape {

    private final MeterRegistry registry;
    private final ActiveRules rules;
    private Gauge info;
    private String version;

    public RulesMetrics(MeterRegistry registry, ActiveRules rules) {
        this.registry = registry;
        this.rules = rules;
    }

    @Override
    public synchronized void beforeScrape() {
        ActiveRules.Active active = rules.current();
        String current = active == null ? null : active.engine().version();
        if (current == null || current.equals(version)) {
            return;
        }
        if (info != null) {
            registry.remove(info);
        }
        info = Gauge.builder("policy.rules.info", () -> 1).tag("version", current)
                .description("The active rules version (value always 1)").register(registry);
        version = current;
    }
}
