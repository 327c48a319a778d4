package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The rules in service: their version, when, by whom and from where it was activated, and every rule. */
@Serdeable
public record RuleCatalogue(String version, Instant activatedAt, String activatedBy, String source, List<RuleView> rules) {
}
