package io.relationshippolicy.security;

import io.relationshippolicy.system.ProblemException;

/**
 * Tenant confinement on top of the role checks of {@code @Secured}: a caller reaches only its own
 * partner's or customer's data. A refusal is access control (403), never a logged policy decision.
 */
public final class Access {

    private Access() {
    }

    public static void requirePartner(Caller caller, String partnerId) {
        if (!(caller.has(Roles.PARTNER) && caller.belongsTo(partnerId))) {
            throw ProblemException.forbidden("This route is for partner '" + partnerId
                    + "' only: use a PARTNER token whose tenant is that partner.");
        }
    }

    public static void requireCustomer(Caller caller, String customerId) {
        boolean customer = caller.has(Roles.CUSTOMER_ADMIN) || caller.has(Roles.CUSTOMER_USER);
        if (!(customer && caller.belongsTo(customerId))) {
            throw ProblemException.forbidden("This route is for customer '" + customerId
                    + "' only: use a CUSTOMER_ADMIN or CUSTOMER_USER token whose tenant is that customer.");
        }
    }

    public static void requireCustomerOrAuditor(Caller caller, String customerId) {
        if (!caller.has(Roles.AUDITOR)) {
            requireCustomer(caller, customerId);
        }
    }

    public static void requirePartnerOrAuditor(Caller caller, String partnerId) {
        if (!caller.has(Roles.AUDITOR)) {
            requirePartner(caller, partnerId);
        }
    }
}
