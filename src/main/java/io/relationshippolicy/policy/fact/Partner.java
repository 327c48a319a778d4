package io.relationshippolicy.policy.fact;

import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.Program;

public record Partner(String id, String name, Cloud cloud, Program program) {
}
