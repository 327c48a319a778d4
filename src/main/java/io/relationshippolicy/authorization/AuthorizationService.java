package io.relationshippolicy.authorization;

import io.micronaut.http.HttpStatus;
import io.relationshippolicy.decisionlog.GroupCommitLog;
import io.relationshippolicy.decisionlog.LogEntry;
import io.relationshippolicy.decisionlog.StoredEntry;
import io.relationshippolicy.directory.DirectoryStore;
import io.relationshippolicy.directory.ServiceCatalogue;
import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.CommandCodec;
import io.relationshippolicy.policy.PolicyCommand;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.relationship.RelationshipStore;
import io.relationshippolicy.rules.ActiveRules;
import io.relationshippolicy.security.Caller;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.Enums;
import io.relationshippolicy.system.Ids;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers partner systems before they act on a customer (behaviour 6). A request is validated first
 * (unknown action, missing service or subscription, unknown customer or subscription: a problem, nothing
 * logged); then the rules decide on a consistent read of the facts, and the answer leaves only once its
 * decision-log entry is committed through the group commit (a batch's entries are consecutive, in order).
 */
@Singleton
public class AuthorizationService {

    public static final int MAX_BATCH = 1000;

    /** A request after validation: the facts it concerns, read from the directory. */
    record Checked(AuthorizationRequest request, Customer customer, Partner partner, Subscription subscription) {
        String service() {
            return subscription != null ? subscription.service() : request.service();
        }
    }

    public record Answer(AuthorizationRequest request, Decision decision, StoredEntry entry) {
    }

    private final Database database;
    private final DirectoryStore directory;
    private final RelationshipStore relationships;
    private final ServiceCatalogue catalogue;
    private final GroupCommitLog groupCommitLog;
    private final ActiveRules rules;

    public AuthorizationService(Database database, DirectoryStore directory, RelationshipStore relationships,
                                ServiceCatalogue catalogue, GroupCommitLog groupCommitLog, ActiveRules rules) {
        this.database = database;
        this.directory = directory;
        this.relationships = relationships;
        this.catalogue = catalogue;
        this.groupCommitLog = groupCommitLog;
        this.rules = rules;
    }

    public Answer authorize(Caller caller, AuthorizationRequestBody body) {
        return authorizeAll(caller, List.of(body), false).get(0);
    }

    /** Answers in request order; one invalid request refuses the whole batch, naming it, and nothing is logged. */
    public List<Answer> authorizeBatch(Caller caller, List<AuthorizationRequestBody> bodies) {
        if (bodies == null || bodies.isEmpty()) {
            throw ProblemException.badRequest("'requests' is required: send 1 to " + MAX_BATCH + " authorization requests.");
        }
        if (bodies.size() > MAX_BATCH) {
            throw ProblemException.badRequest("A batch holds at most " + MAX_BATCH + " requests; this one has " + bodies.size()
                    + ". Split it into several batches.");
        }
        return authorizeAll(caller, bodies, true);
    }

    private List<Answer> authorizeAll(Caller caller, List<AuthorizationRequestBody> bodies, boolean batch) {
        List<AuthorizationRequest> requests = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            requests.add(parse(caller, bodies.get(i), batch ? "requests[" + i + "]." : ""));
        }
        PolicyEngine engine = rules.engine();
        record Decided(AuthorizationRequest request, Decision decision, LogEntry.Draft entry) {
        }
        List<Decided> decided = database.read(c -> {
            List<Checked> checked = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                checked.add(check(requests.get(i), batch ? "requests[" + i + "]: " : ""));
            }
            List<Decided> result = new ArrayList<>(checked.size());
            for (Checked item : checked) {
                long start = System.nanoTime();
                CustomerWorld world = relationships.partnerSlice(item.customer(), item.partner(), item.subscription());
                PolicyCommand.Authorize command = new PolicyCommand.Authorize(world, item.partner(), item.request());
                Decision decision = RelationshipPolicy.authorize(engine, command);
                AuthorizationRequest r = item.request();
                var input = CommandCodec.encode(command);
                long micros = (System.nanoTime() - start) / 1_000;
                result.add(new Decided(r, decision, LogEntry.of(decision, caller).partnerId(r.partnerId()).customerId(r.customerId())
                        .action(r.action().name()).service(item.service()).subscriptionId(r.subscriptionId())
                        .input(input).durationMicros(micros)));
            }
            return result;
        });
        // nothing changes state here: the entries share commits with concurrent decisions, and the answers
        // leave only once their entries are committed
        List<StoredEntry> logged = groupCommitLog.appendAllDurably(decided.stream().map(Decided::entry).toList());
        List<Answer> answers = new ArrayList<>(decided.size());
        for (int i = 0; i < decided.size(); i++) {
            answers.add(new Answer(decided.get(i).request(), decided.get(i).decision(), logged.get(i)));
        }
        return answers;
    }

    private AuthorizationRequest parse(Caller caller, AuthorizationRequestBody body, String at) {
        if (body == null) {
            throw ProblemException.badRequest(at + "the request is empty: send partnerId, customerId and action.");
        }
        if (body.partnerId() == null) {
            throw ProblemException.badRequest(at + "'partnerId' is required: the partner asking, which must be your token's tenant.");
        }
        Ids.require("partner", body.partnerId());
        if (!caller.belongsTo(body.partnerId())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "Forbidden", at + "a partner may only ask for itself: 'partnerId' must be '"
                    + caller.tenant() + "', your token's tenant.");
        }
        if (body.customerId() == null) {
            throw ProblemException.badRequest(at + "'customerId' is required.");
        }
        Ids.require("customer", body.customerId());
        Action action = Enums.parse(Action.class, at + "action", body.action());
        String service = body.service();
        String subscription = body.subscriptionId();
        switch (action.needs()) {
            case SERVICE -> {
                if (service == null) {
                    throw ProblemException.badRequest(at + action + " needs 'service': one of " + catalogue.services() + ".");
                }
                catalogue.require(service);
            }
            case SUBSCRIPTION -> {
                if (subscription == null) {
                    throw ProblemException.badRequest(at + action + " needs 'subscriptionId': the customer's subscription it concerns.");
                }
                Ids.require("subscription", subscription);
                if (service != null) {
                    catalogue.require(service);
                }
            }
            case NOTHING -> {
                if (service != null) {
                    catalogue.require(service);
                }
                if (subscription != null) {
                    Ids.require("subscription", subscription);
                }
            }
        }
        return new AuthorizationRequest(body.partnerId(), body.customerId(), action, service,
                action.needs() == Action.Needs.SUBSCRIPTION ? subscription : null);
    }

    private Checked check(AuthorizationRequest r, String at) {
        Customer customer = directory.customer(r.customerId())
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "Customer not found",
                        at + "no customer with id '" + r.customerId() + "' exists. Check the id."));
        Partner partner = directory.partner(r.partnerId())
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "Partner not found",
                        at + "no partner with id '" + r.partnerId() + "' exists in the directory. Ask the operator to register it."));
        Subscription subscription = null;
        if (r.subscriptionId() != null) {
            subscription = directory.subscription(r.customerId(), r.subscriptionId())
                    .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "Subscription not found",
                            at + "customer '" + r.customerId() + "' has no subscription '" + r.subscriptionId() + "'."));
        }
        return new Checked(r, customer, partner, subscription);
    }

}
