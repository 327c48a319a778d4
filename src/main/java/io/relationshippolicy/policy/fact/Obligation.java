package io.relationshippolicy.policy.fact;

/** A duty the decision places on a partner, such as supporting the customer after a DAP removal (C12, C13). */
public record Obligation(String code, String partnerId, String service) {
    public Obligation(String code) {
        this(code, null, null);
    }
}
