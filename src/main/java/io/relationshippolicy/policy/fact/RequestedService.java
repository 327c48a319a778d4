package io.relationshippolicy.policy.fact;

public record RequestedService(String service) {
}
