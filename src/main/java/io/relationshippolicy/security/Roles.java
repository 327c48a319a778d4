package io.relationshippolicy.security;

import java.util.List;
import java.util.Set;

/** The roles a caller's token can carry. */
public final class Roles {
    public static final String PARTNER = "PARTNER";
    public static final String CUSTOMER_ADMIN = "CUSTOMER_ADMIN";
    public static final String CUSTOMER_USER = "CUSTOMER_USER";
    public static final String OPERATOR = "OPERATOR";
    public static final String COMPLIANCE = "COMPLIANCE";
    public static final String AUDITOR = "AUDITOR";

    /** Every role api.md documents, in its order; a token naming any other is refused. */
    public static final List<String> DOCUMENTED = List.of(PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER, OPERATOR, COMPLIANCE, AUDITOR);
    public static final Set<String> ALL = Set.copyOf(DOCUMENTED);

    /** The roles that act for one partner or customer, named by the token's {@code tenant}; staff roles carry none. */
    public static final Set<String> TENANT_ROLES = Set.of(PARTNER, CUSTOMER_ADMIN, CUSTOMER_USER);

    private Roles() {
    }
}
