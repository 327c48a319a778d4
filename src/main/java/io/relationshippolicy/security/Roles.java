package io.relationshippolicy.security;

/** The roles a caller's token can carry. */
public final class Roles {
    public static final String PARTNER = "PARTNER";
    public static final String CUSTOMER_ADMIN = "CUSTOMER_ADMIN";
    public static final String CUSTOMER_USER = "CUSTOMER_USER";
    public static final String OPERATOR = "OPERATOR";
    public static final String COMPLIANCE = "COMPLIANCE";
    public static final String AUDITOR = "AUDITOR";

    /** Every role api.md documents; a token naming any other is refused. */
    public static final java.util.Set<String> ALL = java.util.Set.of(PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE, AUDITOR);

    private Roles() {
    }
}
