package io.relationshippolicy.policy.fact;

/** A partner asks for its request email and link (C4, C5). */
public record LinkIssueRequest(String partnerId) {
}
