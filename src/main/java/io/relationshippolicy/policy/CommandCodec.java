package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.Partner;

import java.util.List;
import java.util.Map;

/**
 * The one codec between a {@link PolicyCommand} and the {@code input} a decision-log entry keeps:
 * {@code {"request": {...}, "facts": {...}}}, the request as evaluated and exactly the facts the rules saw.
 * Entries written before the commands had types have this same shape, so they decode and replay unchanged.
 */
public final class CommandCodec {

    private CommandCodec() {
    }

    public static Map<String, Object> encode(PolicyCommand command) {
        if (command instanceof PolicyCommand.IssueLink c) {
            return input(WorldCodec.map("partnerId", c.partner().id()), WorldCodec.map("partner", WorldCodec.encode(c.partner())));
        }
        if (command instanceof PolicyCommand.CheckEmail c) {
            return input(WorldCodec.map("partnerId", c.partner().id(), "body", c.body(), "linkIntact", c.linkIntact()),
                    WorldCodec.map("partner", WorldCodec.encode(c.partner())));
        }
        if (command instanceof PolicyCommand.Accept c) {
            return input(WorldCodec.map("customerId", c.customerId(), "link", c.link(), "linkStatus", c.linkStatus().name(),
                            "partnerId", c.partner() == null ? null : c.partner().id(), "actorIsCustomerAdmin", c.actorIsCustomerAdmin(),
                            "services", c.services()),
                    WorldCodec.encode(RelationshipPolicy.acceptanceFacts(c.world(), c.partner())));
        }
        if (command instanceof PolicyCommand.RemoveDelegatedAdmin c) {
            return input(WorldCodec.map("customerId", c.world().customer().id(), "partnerId", c.partnerId(), "services", c.services(),
                    "actorIsCustomerAdmin", c.actorIsCustomerAdmin()), WorldCodec.encode(RelationshipPolicy.removalFacts(c.world())));
        }
        if (command instanceof PolicyCommand.Renegotiate c) {
            return input(WorldCodec.map("customerId", c.world().customer().id(), "partnerId", c.partnerId(), "side", c.side().name(),
                    "terminate", true), WorldCodec.encode(c.world()));
        }
        PolicyCommand.Authorize c = (PolicyCommand.Authorize) command;
        AuthorizationRequest r = c.request();
        return input(WorldCodec.map("partnerId", r.partnerId(), "customerId", r.customerId(), "action", r.action().name(),
                "service", r.service(), "subscriptionId", r.subscriptionId()), WorldCodec.encode(c.world()));
    }

    private static Map<String, Object> input(Map<String, Object> request, Map<String, Object> facts) {
        return WorldCodec.map("request", request, "facts", facts);
    }

    /** The command a logged {@code input} of that kind records; IllegalArgumentException when it cannot be read. */
    @SuppressWarnings("unchecked")
    public static PolicyCommand decode(DecisionKind kind, Map<String, Object> input) {
        Map<String, Object> request = (Map<String, Object>) require(input, "request");
        Map<String, Object> facts = (Map<String, Object>) require(input, "facts");
        return switch (kind) {
            case LINK_ISSUED -> new PolicyCommand.IssueLink(WorldCodec.decodePartner((Map<String, Object>) require(facts, "partner")));
            case EMAIL_CHECK -> new PolicyCommand.CheckEmail(WorldCodec.decodePartner((Map<String, Object>) require(facts, "partner")),
                    (String) request.get("body"), bool(require(request, "linkIntact")));
            case ACCEPTANCE -> {
                CustomerWorld world = WorldCodec.decode(facts);
                yield new PolicyCommand.Accept(world, partnerIn(world, (String) request.get("partnerId")), (String) request.get("link"),
                        LinkStatus.valueOf((String) require(request, "linkStatus")), bool(require(request, "actorIsCustomerAdmin")),
                        strings(request.get("services")));
            }
            case DAP_REMOVAL -> new PolicyCommand.RemoveDelegatedAdmin(WorldCodec.decode(facts), (String) request.get("partnerId"),
                    strings(request.get("services")), bool(require(request, "actorIsCustomerAdmin")));
            case RENEGOTIATION -> new PolicyCommand.Renegotiate(WorldCodec.decode(facts), (String) require(request, "partnerId"),
                    Side.valueOf((String) require(request, "side")));
            case AUTHORIZATION -> {
                CustomerWorld world = WorldCodec.decode(facts);
                String partnerId = (String) require(request, "partnerId");
                Partner partner = partnerIn(world, partnerId);
                if (partner == null) {
                    throw new IllegalArgumentException("the recorded facts do not hold partner " + partnerId);
                }
                yield new PolicyCommand.Authorize(world, partner, new AuthorizationRequest(partnerId,
                        (String) require(request, "customerId"), Action.valueOf((String) require(request, "action")),
                        (String) request.get("service"), (String) request.get("subscriptionId")));
            }
        };
    }

    private static Partner partnerIn(CustomerWorld world, String partnerId) {
        return partnerId == null ? null : world.partner(partnerId).orElse(null);
    }

    private static Object require(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("expected true or false, found " + value);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("expected a list of services, found " + value);
    }
}
