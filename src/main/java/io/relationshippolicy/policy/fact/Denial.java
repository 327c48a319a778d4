package io.relationshippolicy.policy.fact;

/**
 * Inserted by a rule that denies. With a service it denies that service only (acceptance, removal);
 * without, it denies the whole request. The rule's {@code @id} and {@code @clause} are attached by the engine.
 */
public record Denial(String code, String service, String partnerId) {
    public Denial(String code) {
        this(code, null, null);
    }

    public Denial(String code, String service) {
        this(code, service, null);
    }
}
