package io.relationshippolicy.policy;

import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world a decision was evaluated on, as plain maps and lists: the decision log keeps it in each
 * entry's input, and impact analysis reads it back to replay the decision against other rules.
 */
public final class WorldCodec {

    private WorldCodec() {
    }

    public static Map<String, Object> encode(CustomerWorld world) {
        Map<String, Object> m = new LinkedHashMap<>();
        Customer c = world.customer();
        m.put("customer", map("id", c.id(), "name", c.name(), "cloud", c.cloud().name()));
        m.put("partners", world.partners().stream().map(p -> map("id", p.id(), "name", p.name(), "cloud", p.cloud().name(), "program", p.program().name())).toList());
        m.put("relationships", world.relationships().stream().map(r -> map("partnerId", r.partnerId(), "state", r.state().name(),
                "partnerConsentsToTerminate", r.partnerConsentsToTerminate(), "customerConsentsToTerminate", r.customerConsentsToTerminate())).toList());
        m.put("grants", world.grants().stream().map(g -> map("partnerId", g.partnerId(), "service", g.service(),
                "delegatedAdmin", g.delegatedAdmin(), "transacting", g.transacting())).toList());
        m.put("subscriptions", world.subscriptions().stream().map(s -> map("id", s.id(), "service", s.service(),
                "resellerOfRecord", s.resellerOfRecord())).toList());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static CustomerWorld decode(Map<String, Object> m) {
        Map<String, Object> c = (Map<String, Object>) m.get("customer");
        String customerId = str(c, "id");
        Customer customer = new Customer(customerId, str(c, "name"), Cloud.valueOf(str(c, "cloud")));
        List<Partner> partners = new ArrayList<>();
        for (Map<String, Object> p : list(m, "partners")) {
            partners.add(new Partner(str(p, "id"), str(p, "name"), Cloud.valueOf(str(p, "cloud")), Program.valueOf(str(p, "program"))));
        }
        List<Relationship> relationships = new ArrayList<>();
        for (Map<String, Object> r : list(m, "relationships")) {
            relationships.add(new Relationship(str(r, "partnerId"), customerId, RelationshipState.valueOf(str(r, "state")),
                    bool(r, "partnerConsentsToTerminate"), bool(r, "customerConsentsToTerminate")));
        }
        List<Grant> grants = new ArrayList<>();
        for (Map<String, Object> g : list(m, "grants")) {
            grants.add(new Grant(str(g, "partnerId"), customerId, str(g, "service"), bool(g, "delegatedAdmin"), bool(g, "transacting")));
        }
        List<Subscription> subscriptions = new ArrayList<>();
        for (Map<String, Object> s : list(m, "subscriptions")) {
            subscriptions.add(new Subscription(str(s, "id"), customerId, str(s, "service"), str(s, "resellerOfRecord")));
        }
        return new CustomerWorld(customer, partners, relationships, grants, subscriptions);
    }

    public static Map<String, Object> encode(Partner p) {
        return map("id", p.id(), "name", p.name(), "cloud", p.cloud().name(), "program", p.program().name());
    }

    public static Partner decodePartner(Map<String, Object> p) {
        return new Partner(str(p, "id"), str(p, "name"), Cloud.valueOf(str(p, "cloud")), Program.valueOf(str(p, "program")));
    }

    /** An ordered map from alternating keys and values; values may be null. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static String str(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value == null ? null : value.toString();
    }

    private static boolean bool(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }
}
