package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;

import java.util.List;

/**
 * One command the rules decide, with the world it is decided on: one type per decision kind. The services
 * build them, {@link CommandCodec} writes them into the decision log's {@code input} and reads them back, and
 * {@link RelationshipPolicy#decide} is the one place that turns any of them into a decision, for the service,
 * the scenarios and the replay of logged decisions alike.
 */
public sealed interface PolicyCommand {

    DecisionKind kind();

    /** The partner asks for its request link (C4, C5). */
    record IssueLink(Partner partner) implements PolicyCommand {
        public DecisionKind kind() {
            return DecisionKind.LINK_ISSUED;
        }
    }

    /** The partner checks an edited email; {@code body} is what it sent (the log masks it), {@code linkIntact} what the service found. */
    record CheckEmail(Partner partner, String body, boolean linkIntact) implements PolicyCommand {
        public DecisionKind kind() {
            return DecisionKind.EMAIL_CHECK;
        }
    }

    /**
     * A customer accepts a link for some services. {@code partner} is the partner the link names, null when it
     * names none the service knows; {@code link} is the link as sent (null where there is none, as in scenarios).
     */
    record Accept(CustomerWorld world, Partner partner, String link, LinkStatus linkStatus, boolean actorIsCustomerAdmin,
                  List<String> services) implements PolicyCommand {
        public Accept {
            services = List.copyOf(services);
        }

        public DecisionKind kind() {
            return DecisionKind.ACCEPTANCE;
        }

        String customerId() {
            return world.customer().id();
        }
    }

    /** A customer removes DAP: {@code partnerId} null for every partner, {@code services} empty for every service. */
    record RemoveDelegatedAdmin(CustomerWorld world, String partnerId, List<String> services, boolean actorIsCustomerAdmin)
            implements PolicyCommand {
        public RemoveDelegatedAdmin {
            services = List.copyOf(services);
        }

        public DecisionKind kind() {
            return DecisionKind.DAP_REMOVAL;
        }
    }

    /** One side consents to end the business relationship (C11); {@code world} holds the whole customer and the partner. */
    record Renegotiate(CustomerWorld world, String partnerId, Side side) implements PolicyCommand {
        public DecisionKind kind() {
            return DecisionKind.RENEGOTIATION;
        }
    }

    /** A partner asks whether it may take an action; {@code world} is its slice of the customer. */
    record Authorize(CustomerWorld world, Partner partner, AuthorizationRequest request) implements PolicyCommand {
        public DecisionKind kind() {
            return DecisionKind.AUTHORIZATION;
        }
    }
}
