package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a deployment of several instances, a reload on one reaches the others: each instance looks at the
 * latest row of rules_activation (one cheap query) and, when it names another version, activates that
 * version from the files stored with it, after the same checks. On by default; turn off with
 * {@code policy.rules.follow.enabled=false}.
 */
@Singleton
@Requires(property = "policy.rules.follow.enabled", notEquals = "false")
public class RulesFollower {

    private static final Logger LOG = LoggerFactory.getLogger(RulesFollower.class);

    private final RulesWorkflow workflow;

    public RulesFollower(RulesWorkflow workflow) {
        this.workflow = workflow;
    }

    @Scheduled(fixedDelay = "${policy.rules.follow.interval:10s}", initialDelay = "${policy.rules.follow.interval:10s}")
    void poll() {
        try {
            workflow.followLatest();
        } catch (RuntimeException e) {
            LOG.warn("Could not look for rules activated by other instances: {}", e.getMessage());
        }
    }
}
