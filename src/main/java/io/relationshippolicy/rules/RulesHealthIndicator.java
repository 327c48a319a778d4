package io.relationshippolicy.rules;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reports the active rules version in /health: which version, from where, since when, how many rules. */
@Singleton
@Readiness
public class RulesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ActiveRules rules;

    public RulesHealthIndicator(ActiveRules rules) {
        this.rules = rules;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        ActiveRules.Active active = rules.current();
        Map<String, Object> details = new LinkedHashMap<>();
        if (active == null) {
            healthStatus = HealthStatus.DOWN;
            details.put("error", "no rules are active");
            return details;
        }
        healthStatus = HealthStatus.UP;
        details.put("version", active.engine().version());
        details.put("rules", active.engine().rules().size());
        details.put("source", active.source());
        details.put("activatedAt", active.activatedAt().toString());
        return details;
    }

    @Override
    protected String getName() {
        return "rules";
    }
}
