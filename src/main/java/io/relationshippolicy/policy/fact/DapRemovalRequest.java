package io.relationshippolicy.policy.fact;

/**
 * A customer removes delegated admin privileges (C10). One {@link RemovalTarget} accompanies it per
 * partner and service in scope.
 */
public record DapRemovalRequest(String customerId, boolean actorIsCustomerAdmin, boolean allPartners) {
}
