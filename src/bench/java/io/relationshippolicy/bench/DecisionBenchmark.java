package io.relationshippolicy.bench;

import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.CustomerWorld;
import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.PolicyCommand;
import io.relationshippolicy.policy.RelationshipPolicy;
import io.relationshippolicy.policy.RelationshipPolicy.AcceptanceResult;
import io.relationshippolicy.policy.RelationshipPolicy.RemovalResult;
import io.relationshippolicy.policy.RelationshipPolicy.RenegotiationResult;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * In-process policy evaluation for every decision kind, through {@link RelationshipPolicy} exactly as the
 * service calls it (facts, rules, aggregation), over {@link RealisticWorld}. No database, no HTTP, no log.
 * Authorization runs over the partner-scoped slice the service reads ({@code authorization}) and, to show
 * what the slice saves, over the whole customer ({@code authorizationWholeCustomer}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecisionBenchmark {

    /** Authorization cases: name, partner, action, service, subscription. */
    public enum Case {
        ADMINISTER_ALLOW("P-08", Action.ADMINISTER_SERVICE, "MICROSOFT_365", null),
        MANAGE_DENY_DAP_REMOVED("P-04", Action.MANAGE_SUBSCRIPTION, null, "S-000"),
        BILLING_ALLOW("P-00", Action.BILLING, null, "S-000"),
        BILLING_DENY("P-08", Action.BILLING, null, "S-000"),
        PROVISION_ALLOW("P-00", Action.PROVISION_SUBSCRIPTION, "MICROSOFT_365", null),
        SUPPORT_ALLOW("P-05", Action.PROVIDE_SUPPORT, null, null),
        END_SUPPORT_DENY("P-05", Action.END_SUPPORT, null, null);

        final String partner;
        final Action action;
        final String service;
        final String subscription;

        Case(String partner, Action action, String service, String subscription) {
            this.partner = partner;
            this.action = action;
            this.service = service;
            this.subscription = subscription;
        }

        AuthorizationRequest request() {
            return new AuthorizationRequest(partner, RealisticWorld.CUSTOMER, action, service, subscription);
        }
    }

    @Param({"ADMINISTER_ALLOW", "MANAGE_DENY_DAP_REMOVED", "BILLING_ALLOW", "BILLING_DENY", "PROVISION_ALLOW", "SUPPORT_ALLOW",
            "END_SUPPORT_DENY"})
    public Case authorizationCase;

    PolicyEngine engine;
    CustomerWorld world;
    CustomerWorld worldWithoutSubscriptions;
    CustomerWorld slice;
    Partner partner;
    AuthorizationRequest request;
    Partner newCspPartner;
    Partner newAdvisor;
    Partner partner08;

    @Setup(Level.Trial)
    public void setUp() {
        engine = BenchRules.engine();
        world = RealisticWorld.build();
        worldWithoutSubscriptions = new CustomerWorld(world.customer(), world.partners(), world.relationships(), world.grants(), List.of());
        partner = world.partner(authorizationCase.partner).orElseThrow();
        slice = RealisticWorld.partnerSlice(world, authorizationCase.partner, authorizationCase.subscription);
        request = authorizationCase.request();
        newCspPartner = new Partner("P-NEW-CSP", "New CSP partner", Cloud.PUBLIC, Program.CSP);
        newAdvisor = new Partner("P-NEW-ADVISOR", "New advisor", Cloud.PUBLIC, Program.NON_CSP);
        partner08 = world.partner("P-08").orElseThrow();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Decision authorization() {
        return RelationshipPolicy.authorize(engine, slice, partner, request);
    }

    @Benchmark
    public Decision authorizationWholeCustomer() {
        return RelationshipPolicy.authorize(engine, world, partner, request);
    }

    /** Kinds below do not depend on the authorization case; JMH runs them once per case value, so run them with -p authorizationCase=ADMINISTER_ALLOW. */
    @Benchmark
    public Decision linkIssue() {
        return RelationshipPolicy.issueLink(engine, partner08);
    }

    @Benchmark
    public Decision emailCheck() {
        return RelationshipPolicy.checkEmail(engine, partner08, true);
    }

    /** A new CSP partner asks for two services whose transacting seats are taken (C8): both denied. */
    @Benchmark
    public AcceptanceResult acceptanceCspSeatTaken() {
        return RelationshipPolicy.accept(engine, new PolicyCommand.Accept(world, newCspPartner, null, LinkStatus.VALID, true, List.of("MICROSOFT_365", "AZURE")));
    }

    /** A new advisor outside the CSP program asks for two services: both granted, DAP only. */
    @Benchmark
    public AcceptanceResult acceptanceAdvisorGranted() {
        return RelationshipPolicy.accept(engine, new PolicyCommand.Accept(world, newAdvisor, null, LinkStatus.VALID, true, List.of("MICROSOFT_365", "AZURE")));
    }

    /**
     * The same acceptance over the customer without its 200 subscriptions, which no acceptance rule reads:
     * shows what inserting them costs (the service hands the rules the whole customer).
     */
    @Benchmark
    public AcceptanceResult acceptanceAdvisorGrantedWithoutSubscriptions() {
        return RelationshipPolicy.accept(engine, new PolicyCommand.Accept(worldWithoutSubscriptions, newAdvisor, null, LinkStatus.VALID, true, List.of("MICROSOFT_365", "AZURE")));
    }

    /** The customer removes DAP from every partner at once: one removal target per grant (38). */
    @Benchmark
    public RemovalResult dapRemovalAllPartners() {
        return RelationshipPolicy.removeDelegatedAdmin(engine, new PolicyCommand.RemoveDelegatedAdmin(world, null, List.of(), true));
    }

    @Benchmark
    public RemovalResult dapRemovalOnePartner() {
        return RelationshipPolicy.removeDelegatedAdmin(engine, new PolicyCommand.RemoveDelegatedAdmin(world, "P-08", List.of(), true));
    }

    @Benchmark
    public RenegotiationResult renegotiationFirstConsent() {
        return RelationshipPolicy.renegotiate(engine, new PolicyCommand.Renegotiate(world, "P-08", Side.PARTNER));
    }
}
