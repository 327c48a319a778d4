package io.relationshippolicy.rules;

import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.DecisionKind;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Outcome;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.Subscription;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code *.scenarios.yaml} file: an optional file-wide {@code kind} and {@code given}, then {@code cases}.
 * A case's {@code given} replaces the file's sections it names (partners, customer, relationships,
 * subscriptions) and keeps the others. The format is described for its authors in rules/README.md.
 */
public record ScenarioFile(String file, List<Scenario> scenarios) {

    public static final String SUFFIX = ".scenarios.yaml";

    private static final Set<String> FILE_KEYS = Set.of("kind", "given", "cases");
    private static final Set<String> CASE_KEYS = Set.of("name", "note", "given", "when", "want");
    private static final Set<String> GIVEN_KEYS = Set.of("partners", "customer", "relationships", "subscriptions");
    private static final Set<String> PARTNER_KEYS = Set.of("program", "cloud", "name");
    private static final Set<String> CUSTOMER_KEYS = Set.of("id", "cloud", "name");
    private static final Set<String> RELATIONSHIP_KEYS = Set.of("state", "grants", "consents");
    private static final Set<String> SUBSCRIPTION_KEYS = Set.of("service", "reseller");
    private static final Set<String> GRANT_FLAGS = Set.of("dap", "transacting");

    private static final Map<DecisionKind, Set<String>> WHEN_KEYS = Map.of(
            DecisionKind.LINK_ISSUED, Set.of("kind", "partner"),
            DecisionKind.EMAIL_CHECK, Set.of("kind", "partner", "linkIntact"),
            DecisionKind.ACCEPTANCE, Set.of("kind", "partner", "linkStatus", "actorIsCustomerAdmin", "services"),
            DecisionKind.DAP_REMOVAL, Set.of("kind", "partner", "services", "actorIsCustomerAdmin"),
            DecisionKind.RENEGOTIATION, Set.of("kind", "partner", "side"),
            DecisionKind.AUTHORIZATION, Set.of("kind", "partner", "action", "service", "subscriptionId"));

    private static final Set<String> WANT_COMMON = Set.of("outcome", "reasons", "obligations", "fired");
    private static final Map<DecisionKind, Set<String>> WANT_KEYS = Map.of(
            DecisionKind.LINK_ISSUED, WANT_COMMON,
            DecisionKind.EMAIL_CHECK, WANT_COMMON,
            DecisionKind.ACCEPTANCE, union(WANT_COMMON, "granted", "denied"),
            DecisionKind.DAP_REMOVAL, union(WANT_COMMON, "loseDap"),
            DecisionKind.RENEGOTIATION, union(WANT_COMMON, "state", "consents"),
            DecisionKind.AUTHORIZATION, WANT_COMMON);

    public ScenarioFile {
        scenarios = List.copyOf(scenarios);
    }

    public static boolean isScenarioFile(String path) {
        return path.endsWith(SUFFIX);
    }

    /** Parses one file; every problem is a {@link ScenarioFileException} naming the file and the line. */
    public static ScenarioFile parse(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ScenarioFileException(file, mark == null ? 0 : mark.getLine() + 1,
                    "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new ScenarioFileException(file, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ScenarioFileException(file, 0, "the file is empty: it needs a 'cases' list");
        }
        return new Parser(file).file(root);
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    private static final class Parser {
        private final String file;
        private final YamlNodes yaml;

        Parser(String file) {
            this.file = file;
            this.yaml = new YamlNodes(file);
        }

        ScenarioFile file(Node root) {
            Map<String, Node> top = yaml.map(root, "the file", FILE_KEYS);
            DecisionKind fileKind = top.containsKey("kind") ? yaml.enumValue(top.get("kind"), DecisionKind.class, "kind") : null;
            Map<String, Node> fileGiven = top.containsKey("given") ? yaml.map(top.get("given"), "given", GIVEN_KEYS) : Map.of();
            if (!top.containsKey("cases")) {
                throw yaml.error(root, "the file has no 'cases' list");
            }
            List<Node> caseNodes = yaml.list(top.get("cases"), "cases");
            if (caseNodes.isEmpty()) {
                throw yaml.error(top.get("cases"), "'cases' is empty: a scenario file needs at least one case");
            }
            List<Scenario> scenarios = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Node caseNode : caseNodes) {
                Scenario scenario = scenario(caseNode, fileKind, fileGiven);
                if (!names.add(scenario.name())) {
                    throw yaml.error(caseNode, "two cases are named '" + scenario.name() + "': names must be unique in a file");
                }
                scenarios.add(scenario);
            }
            return new ScenarioFile(file, scenarios);
        }

        private Scenario scenario(Node node, DecisionKind fileKind, Map<String, Node> fileGiven) {
            Map<String, Node> entries = yaml.map(node, "a case", CASE_KEYS);
            for (String required : List.of("name", "when", "want")) {
                if (!entries.containsKey(required)) {
                    throw yaml.error(node, "the case has no '" + required + "'");
                }
            }
            String name = yaml.scalar(entries.get("name"), "name");
            String note = entries.containsKey("note") ? yaml.scalar(entries.get("note"), "note") : "";
            Map<String, Node> givenSections = new LinkedHashMap<>(fileGiven);
            if (entries.containsKey("given")) {
                givenSections.putAll(yaml.map(entries.get("given"), "given", GIVEN_KEYS));
            }
            Scenario.Given given = given(givenSections);
            Scenario.When when = when(entries.get("when"), fileKind, given);
            Scenario.Want want = want(entries.get("want"), when.kind());
            return new Scenario(file, name, note, YamlNodes.line(node), given, when, want);
        }

        private Scenario.Given given(Map<String, Node> sections) {
            Customer customer = new Customer("C1", "C1", Cloud.PUBLIC);
            if (sections.containsKey("customer")) {
                Map<String, Node> c = yaml.map(sections.get("customer"), "customer", CUSTOMER_KEYS);
                String id = c.containsKey("id") ? yaml.scalar(c.get("id"), "customer id") : "C1";
                customer = new Customer(id,
                        c.containsKey("name") ? yaml.scalar(c.get("name"), "customer name") : id,
                        c.containsKey("cloud") ? yaml.enumValue(c.get("cloud"), Cloud.class, "customer cloud") : Cloud.PUBLIC);
            }

            Map<String, Partner> partners = new LinkedHashMap<>();
            if (sections.containsKey("partners")) {
                yaml.map(sections.get("partners"), "partners", null).forEach((id, spec) -> partners.put(id, partner(id, spec)));
            }

            List<Relationship> relationships = new ArrayList<>();
            List<Grant> grants = new ArrayList<>();
            if (sections.containsKey("relationships")) {
                for (var entry : yaml.map(sections.get("relationships"), "relationships", null).entrySet()) {
                    String partnerId = entry.getKey();
                    if (!partners.containsKey(partnerId)) {
                        throw yaml.error(entry.getValue(), "relationship with partner '" + partnerId + "', which is not among the partners " + partners.keySet());
                    }
                    Map<String, Node> r = yaml.map(entry.getValue(), "the relationship with " + partnerId, RELATIONSHIP_KEYS);
                    RelationshipState state = r.containsKey("state")
                            ? yaml.enumValue(r.get("state"), RelationshipState.class, "state") : RelationshipState.ACTIVE;
                    Set<Side> consents = new LinkedHashSet<>();
                    if (r.containsKey("consents")) {
                        for (Node side : yaml.list(r.get("consents"), "consents")) {
                            consents.add(yaml.enumValue(side, Side.class, "a consent"));
                        }
                    }
                    relationships.add(new Relationship(partnerId, customer.id(), state,
                            consents.contains(Side.PARTNER), consents.contains(Side.CUSTOMER)));
                    if (r.containsKey("grants")) {
                        for (var g : yaml.map(r.get("grants"), "the grants of " + partnerId, null).entrySet()) {
                            List<String> flags = yaml.scalars(g.getValue(), "the grant of " + g.getKey() + " (a list of dap, transacting)");
                            for (String flag : flags) {
                                if (!GRANT_FLAGS.contains(flag)) {
                                    throw yaml.error(g.getValue(), "unknown grant flag '" + flag + "'; expected dap and/or transacting");
                                }
                            }
                            grants.add(new Grant(partnerId, customer.id(), g.getKey(), flags.contains("dap"), flags.contains("transacting")));
                        }
                    }
                }
            }

            List<Subscription> subscriptions = new ArrayList<>();
            if (sections.containsKey("subscriptions")) {
                for (var entry : yaml.map(sections.get("subscriptions"), "subscriptions", null).entrySet()) {
                    Map<String, Node> s = yaml.map(entry.getValue(), "subscription " + entry.getKey(), SUBSCRIPTION_KEYS);
                    if (!s.containsKey("service")) {
                        throw yaml.error(entry.getValue(), "subscription " + entry.getKey() + " has no service");
                    }
                    String reseller = s.containsKey("reseller") ? yaml.nullableScalar(s.get("reseller"), "reseller") : null;
                    subscriptions.add(new Subscription(entry.getKey(), customer.id(), yaml.scalar(s.get("service"), "service"), reseller));
                }
            }
            return new Scenario.Given(customer, partners, relationships, grants, subscriptions);
        }

        /** {@code P1: CSP} or {@code P1: {program: NON_CSP, cloud: GERMANY}}; the cloud defaults to PUBLIC. */
        private Partner partner(String id, Node spec) {
            if (!(spec instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
                return new Partner(id, id, Cloud.PUBLIC, yaml.enumValue(spec, Program.class, "the program of " + id));
            }
            Map<String, Node> p = yaml.map(spec, "partner " + id, PARTNER_KEYS);
            if (!p.containsKey("program")) {
                throw yaml.error(spec, "partner " + id + " has no program (CSP or NON_CSP)");
            }
            return new Partner(id,
                    p.containsKey("name") ? yaml.scalar(p.get("name"), "name") : id,
                    p.containsKey("cloud") ? yaml.enumValue(p.get("cloud"), Cloud.class, "cloud") : Cloud.PUBLIC,
                    yaml.enumValue(p.get("program"), Program.class, "program"));
        }

        private Scenario.When when(Node node, DecisionKind fileKind, Scenario.Given given) {
            Map<String, Node> w = yaml.map(node, "when", null);
            DecisionKind kind = w.containsKey("kind") ? yaml.enumValue(w.get("kind"), DecisionKind.class, "kind") : fileKind;
            if (kind == null) {
                throw yaml.error(node, "no kind: set 'kind' at the top of the file or in 'when'");
            }
            for (var entry : w.entrySet()) {
                if (!WHEN_KEYS.get(kind).contains(entry.getKey())) {
                    throw yaml.error(entry.getValue(), "'" + entry.getKey() + "' means nothing for " + kind + "; expected one of " + WHEN_KEYS.get(kind));
                }
            }
            String partner = w.containsKey("partner") ? yaml.scalar(w.get("partner"), "partner") : null;
            if (partner != null && given.partner(partner) == null) {
                throw yaml.error(w.get("partner"), "partner '" + partner + "' is not among the partners " + given.partners().keySet());
            }
            boolean partnerOptional = kind == DecisionKind.DAP_REMOVAL || kind == DecisionKind.ACCEPTANCE;
            if (partner == null && !partnerOptional) {
                throw yaml.error(node, kind + " needs a partner");
            }
            Boolean linkIntact = null;
            if (kind == DecisionKind.EMAIL_CHECK) {
                linkIntact = yaml.bool(required(w, "linkIntact", node, kind), "linkIntact");
            }
            LinkStatus linkStatus = w.containsKey("linkStatus") ? yaml.enumValue(w.get("linkStatus"), LinkStatus.class, "linkStatus") : LinkStatus.VALID;
            boolean admin = !w.containsKey("actorIsCustomerAdmin") || yaml.bool(w.get("actorIsCustomerAdmin"), "actorIsCustomerAdmin");
            List<String> services = w.containsKey("services") ? yaml.scalars(w.get("services"), "services") : List.of();
            if (kind == DecisionKind.ACCEPTANCE) {
                required(w, "services", node, kind);
            }
            Side side = kind == DecisionKind.RENEGOTIATION ? yaml.enumValue(required(w, "side", node, kind), Side.class, "side") : null;
            Action action = kind == DecisionKind.AUTHORIZATION ? yaml.enumValue(required(w, "action", node, kind), Action.class, "action") : null;
            String service = w.containsKey("service") ? yaml.scalar(w.get("service"), "service") : null;
            String subscriptionId = w.containsKey("subscriptionId") ? yaml.scalar(w.get("subscriptionId"), "subscriptionId") : null;
            return new Scenario.When(kind, partner, linkStatus, admin, linkIntact, services, side, action, service, subscriptionId);
        }

        private Node required(Map<String, Node> entries, String key, Node where, DecisionKind kind) {
            Node value = entries.get(key);
            if (value == null) {
                throw yaml.error(where, kind + " needs '" + key + "'");
            }
            return value;
        }

        private Scenario.Want want(Node node, DecisionKind kind) {
            Map<String, Node> w = yaml.map(node, "want", WANT_KEYS.get(kind));
            if (!w.containsKey("outcome")) {
                throw yaml.error(node, "want has no outcome (ALLOW or DENY)");
            }
            return new Scenario.Want(
                    yaml.enumValue(w.get("outcome"), Outcome.class, "outcome"),
                    expected(w.get("reasons"), "reasons"),
                    expected(w.get("obligations"), "obligations"),
                    optionalList(w.get("fired"), "fired"),
                    optionalList(w.get("granted"), "granted"),
                    optionalList(w.get("denied"), "denied"),
                    optionalList(w.get("loseDap"), "loseDap"),
                    w.containsKey("state") ? yaml.enumValue(w.get("state"), RelationshipState.class, "state") : null,
                    w.containsKey("consents") ? sides(w.get("consents")) : null);
        }

        private List<Scenario.Expected> expected(Node node, String what) {
            if (node == null) {
                return List.of();
            }
            List<Scenario.Expected> expected = new ArrayList<>();
            for (Node item : yaml.list(node, what)) {
                try {
                    expected.add(Scenario.Expected.parse(yaml.scalar(item, "an entry of " + what)));
                } catch (IllegalArgumentException e) {
                    throw yaml.error(item, e.getMessage());
                }
            }
            return expected;
        }

        private List<String> optionalList(Node node, String what) {
            return node == null ? null : yaml.scalars(node, what);
        }

        private List<Side> sides(Node node) {
            List<Side> sides = new ArrayList<>();
            for (Node item : yaml.list(node, "consents")) {
                sides.add(yaml.enumValue(item, Side.class, "a consent"));
            }
            return sides;
        }
    }
}
