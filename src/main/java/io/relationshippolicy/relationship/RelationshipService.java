package io.relationshippolicy.relationship;

import io.micronaut.serde.annotation.SerdeImport;
import io.relationshippolicy.decisionlog.DecisionLog;
import io.relationshippolicy.decisionlog.GroupCommitLog;
import io.relationshippolicy.decisionlog.LogEntry;
import io.relationshippolicy.decisionlog.StoredEntry;
import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.RelationshipPolicy.AcceptanceResult;
import io.relationshippolicy.policy.RelationshipPolicy.DeniedService;
import io.relationshippolicy.policy.RelationshipPolicy.RemovalResult;
import io.relationshippolicy.policy.RelationshipPolicy.RenegotiationResult;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.CommandCodec;
import io.relationshippolicy.policy.PolicyCommand;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.rules.ActiveRules;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.Idempotent;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes what the rules decide for the relationship lifecycle. Each command that changes state is one call
 * and one transaction, opened here: lock the customer, read its world, ask the rules, apply the changes they
 * allow, append the decision to the log, commit. The call returns the {@link Logged} decision after the commit,
 * language-neutral, so whoever renders it (the API, a page) does so with the customer's row no longer locked; a
 * denied command changes nothing but the log. The commands are {@link Idempotent}: called for a request that
 * carries an idempotency key, the key is claimed and kept in the same transaction. The request link and the
 * email check change no state: their entries share commits through {@link GroupCommitLog}.
 */
@Singleton
// the policy core's types a Logged result holds: an idempotency key keeps the result as JSON
@SerdeImport(Decision.class)
@SerdeImport(Decision.Reason.class)
@SerdeImport(Decision.Obligation.class)
@SerdeImport(DeniedService.class)
@SerdeImport(Grant.class)
public class RelationshipService {

    private final Database database;
    private final DirectoryStore directory;
    private final RelationshipStore relationships;
    private final DecisionLog decisionLog;
    private final GroupCommitLog groupCommitLog;
    private final ActiveRules rules;
    private final RequestLinks links;

    public RelationshipService(Database database, DirectoryStore directory, RelationshipStore relationships,
                               DecisionLog decisionLog, GroupCommitLog groupCommitLog, ActiveRules rules, RequestLinks links) {
        this.database = database;
        this.directory = directory;
        this.relationships = relationships;
        this.decisionLog = decisionLog;
        this.groupCommitLog = groupCommitLog;
        this.rules = rules;
        this.links = links;
    }

    // ---------------------------------------------------------------- link and email (C4, C5)

    public record IssuedLink(String link, Partner partner) {
    }

    /** Changes no state: the entry goes through the group commit, and the answer waits for its commit. */
    public Logged<IssuedLink> issueLink(Caller caller, String partnerId) {
        long start = System.nanoTime();
        PolicyEngine engine = rules.engine();
        Partner partner = database.read(c -> directory.partner(partnerId)).orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
        PolicyCommand.IssueLink command = new PolicyCommand.IssueLink(partner);
        Decision decision = RelationshipPolicy.issueLink(engine, partner);
        String link = decision.allowed() ? links.linkFor(partnerId) : null;
        StoredEntry logged = groupCommitLog.appendDurably(LogEntry.of(decision, caller).partnerId(partnerId)
                .input(CommandCodec.encode(command)).durationMicros(micros(start)));
        return new Logged<>(new IssuedLink(link, partner), decision, logged.position());
    }

    /** Changes no state: the entry goes through the group commit, and the answer waits for its commit. */
    public Logged<Boolean> checkEmail(Caller caller, String partnerId, String body) {
        long start = System.nanoTime();
        PolicyEngine engine = rules.engine();
        Partner partner = database.read(c -> directory.partner(partnerId)).orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
        boolean intact = RequestLinks.containsExactly(body, links.linkFor(partnerId));
        PolicyCommand.CheckEmail command = new PolicyCommand.CheckEmail(partner, body, intact);
        Decision decision = RelationshipPolicy.checkEmail(engine, partner, intact);
        StoredEntry logged = groupCommitLog.appendDurably(LogEntry.of(decision, caller).partnerId(partnerId)
                .input(CommandCodec.encode(command)).durationMicros(micros(start)));
        return new Logged<>(intact, decision, logged.position());
    }

    // ---------------------------------------------------------------- acceptance (C6, C8, C9, C14, C15)

    @Idempotent
    public Logged<Acceptance> accept(Caller caller, String customerId, String link, List<String> services) {
        long start = System.nanoTime();
        PolicyEngine engine = rules.engine();
        return database.write(c -> {
            Customer customer = lockCustomer(customerId);
            RequestLinks.Verification verification = links.verify(link);
            Partner partner = verification.partnerId() == null ? null : directory.partner(verification.partnerId()).orElse(null);
            LinkStatus status = verification.status();
            if (partner == null && (status == LinkStatus.VALID || status == LinkStatus.RETIRED_SECRET)) {
                status = LinkStatus.UNKNOWN_PARTNER;
            }
            CustomerWorld world = relationships.world(customer, false);
            boolean admin = caller.has(Roles.CUSTOMER_ADMIN);
            PolicyCommand.Accept command = new PolicyCommand.Accept(world, partner, link, status, admin, services);
            AcceptanceResult result = RelationshipPolicy.accept(engine, command);
            if (result.decision().allowed()) {
                if (result.relationship().isPresent()) {
                    relationships.save(result.relationship().get());
                }
                for (Grant grant : result.changedGrants()) {
                    relationships.save(grant);
                }
            }
            StoredEntry logged = decisionLog.append(c, LogEntry.of(result.decision(), caller).partnerId(result.partnerId())
                    .customerId(customerId).service(services.size() == 1 ? services.get(0) : null)
                    .input(CommandCodec.encode(command)).durationMicros(micros(start)));
            return new Logged<>(new Acceptance(result.partnerId(), result.grantedServices(), result.deniedServices()),
                    result.decision(), logged.position());
        });
    }

    // ---------------------------------------------------------------- DAP removal (C10 - C13)

    /**
     * {@code partnerId} null: every partner of the customer. {@code services} empty: every service. The result is
     * the grants whose delegated admin the decision ended.
     */
    @Idempotent
    public Logged<List<Grant>> removeDelegatedAdmin(Caller caller, String customerId, String partnerId, List<String> services) {
        long start = System.nanoTime();
        PolicyEngine engine = rules.engine();
        return database.write(c -> {
            Customer customer = lockCustomer(customerId);
            if (partnerId != null && directory.partner(partnerId).isEmpty()) {
                throw ProblemException.notFound("Partner", partnerId);
            }
            CustomerWorld world = relationships.world(customer, false);
            boolean admin = caller.has(Roles.CUSTOMER_ADMIN);
            PolicyCommand.RemoveDelegatedAdmin command = new PolicyCommand.RemoveDelegatedAdmin(world, partnerId, services, admin);
            RemovalResult result = RelationshipPolicy.removeDelegatedAdmin(engine, command);
            if (result.decision().allowed()) {
                for (Grant grant : result.changedGrants()) {
                    relationships.save(grant);
                }
            }
            StoredEntry logged = decisionLog.append(c, LogEntry.of(result.decision(), caller).partnerId(partnerId)
                    .customerId(customerId).service(services.size() == 1 ? services.get(0) : null)
                    .input(CommandCodec.encode(command)).durationMicros(micros(start)));
            return new Logged<>(result.changedGrants(), result.decision(), logged.position());
        });
    }

    // ---------------------------------------------------------------- renegotiation (C11)

    /** The result is the relationship's state after the decision; null when there is no relationship. */
    @Idempotent
    public Logged<RelationshipState> renegotiate(Caller caller, String customerId, String partnerId, Side side) {
        long start = System.nanoTime();
        PolicyEngine engine = rules.engine();
        return database.write(c -> {
            Customer customer = lockCustomer(customerId);
            Partner partner = directory.partner(partnerId).orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
            CustomerWorld world = relationships.world(customer).withPartner(partner);
            PolicyCommand.Renegotiate command = new PolicyCommand.Renegotiate(world, partnerId, side);
            RenegotiationResult result = RelationshipPolicy.renegotiate(engine, command);
            if (result.decision().allowed()) {
                if (result.relationship().isPresent()) {
                    relationships.save(result.relationship().get());
                }
                if (result.clearGrants()) {
                    relationships.deleteGrants(partnerId, customerId);
                }
            }
            StoredEntry logged = decisionLog.append(c, LogEntry.of(result.decision(), caller).partnerId(partnerId)
                    .customerId(customerId).input(CommandCodec.encode(command)).durationMicros(micros(start)));
            return new Logged<>(result.state(), result.decision(), logged.position());
        });
    }

    private Customer lockCustomer(String customerId) {
        return directory.lockCustomer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
    }

    // ---------------------------------------------------------------- views (C7, C9)

    public record ServiceView(String service, boolean delegatedAdmin, boolean transacting) {
    }

    public record CustomerPartnerView(String partnerId, String partnerName, String program, String state, List<ServiceView> services) {
    }

    public record PartnerCustomerView(String customerId, String customerName, String state, List<ServiceView> services) {
    }

    /** The customer's Partner Relationships page: every partner, and which hold DAP for which service (C7). */
    public List<CustomerPartnerView> partnersOf(String customerId) {
        return database.read(c -> {
            Customer customer = directory.customer(customerId).orElseThrow(() -> ProblemException.notFound("Customer", customerId));
            CustomerWorld world = relationships.world(customer, false);
            return world.relationships().stream().map(r -> {
                Partner p = world.partner(r.partnerId()).orElseThrow();
                return new CustomerPartnerView(p.id(), p.name(), p.program().name(), r.state().name(), services(world.grantsOf(p.id())));
            }).toList();
        });
    }

    /** The partner's customer list: the customers whose relationship is ACTIVE (C9). */
    public List<PartnerCustomerView> customersOf(String partnerId) {
        return database.read(c -> {
            directory.partner(partnerId).orElseThrow(() -> ProblemException.notFound("Partner", partnerId));
            var rows = relationships.customersOf(partnerId, RelationshipState.ACTIVE);
            List<PartnerCustomerView> views = new java.util.ArrayList<>();
            for (var row : rows) {
                views.add(new PartnerCustomerView(row.customerId(), row.customerName(), row.state().name(),
                        services(relationships.grantsOf(partnerId, row.customerId()))));
            }
            return views;
        });
    }

    private static List<ServiceView> services(List<Grant> grants) {
        return grants.stream().map(g -> new ServiceView(g.service(), g.delegatedAdmin(), g.transacting())).toList();
    }

    static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }


    // ---------------------------------------------------------------- what a link names, before anyone accepts it

    /** What opening a request link shows: whether it can be used and, when it names a known partner, that partner. */
    public record LinkPreview(LinkStatus status, Optional<Partner> partner) {
    }

    /** Reads only: no decision is taken by opening a link, only by accepting it. */
    public LinkPreview preview(String link) {
        RequestLinks.Verification verification = links.verify(link);
        Optional<Partner> partner = verification.partnerId() == null ? Optional.empty()
                : database.read(c -> directory.partner(verification.partnerId()));
        LinkStatus status = verification.status();
        if (partner.isEmpty() && (status == LinkStatus.VALID || status == LinkStatus.RETIRED_SECRET)) {
            status = LinkStatus.UNKNOWN_PARTNER;
        }
        return new LinkPreview(status, partner);
    }
}
