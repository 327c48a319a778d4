package io.relationshippolicy.relationship;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.RelationshipPolicy.DeniedService;

import java.util.List;

/**
 * What an acceptance meant for the customer: the partner the link named (null when it named none the directory
 * knows), the services granted, and each service denied with its reasons.
 */
@Serdeable
public record Acceptance(@Nullable String partnerId, List<String> grantedServices, List<DeniedService> deniedServices) {
}
