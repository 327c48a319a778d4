package io.relationshippolicy.policy.fact;

/** A customer's subscription; {@code resellerOfRecord} is null when it was bought through another channel. */
public record Subscription(String id, String customerId, String service, String resellerOfRecord) {
    public boolean resoldBy(String partnerId) {
        return resellerOfRecord != null && resellerOfRecord.equals(partnerId);
    }
}
