package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.Cloud;

public record Customer(String id, String name, Cloud cloud) {
}
