package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.LinkStatus;

/**
 * A customer accepts a partner's link (C6). {@code partnerId} is the partner the link names, or null when
 * the link could not be read. One {@link RequestedService} fact accompanies it per service asked for.
 */
public record AcceptanceRequest(String partnerId, String customerId, LinkStatus linkStatus, boolean actorIsCustomerAdmin) {
}
