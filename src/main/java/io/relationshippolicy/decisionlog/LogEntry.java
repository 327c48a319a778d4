package io.relationshippolicy.decisionlog;

import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.security.Caller;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The hashed content of one decision-log entry: every field its hash covers, and nothing else.
 * {@code input}, {@code reasons}, {@code obligations}, {@code firedRules} and {@code maskedFields} hold canonical
 * JSON text, exactly the text that was hashed and stored; {@code decidedAt} is hashed as {@link Instant#toString()}.
 * {@link #HASHED} says how each field enters the hash; docs/decision-log.md lists the same fields for auditors.
 */
public record LogEntry(long sequence, String decisionId, String kind, String outcome, Instant decidedAt, String rulesVersion,
                       String partnerId, String customerId, String action, String service, String subscriptionId, Actor actor,
                       String input, String reasons, String obligations, String firedRules, String maskedFields,
                       long durationMicros, String previousHash) {

    /** Who asked, from the caller's token; {@code roles} sorted. */
    public record Actor(String sub, String tenant, List<String> roles) {

        /** As a JSON object, in the order the API shows it (canonical JSON sorts it for the hash). */
        Map<String, Object> json() {
            Map<String, Object> actor = new LinkedHashMap<>();
            actor.put("sub", sub);
            actor.put("tenant", tenant);
            actor.put("roles", roles);
            return actor;
        }
    }

    /** One hashed field: its name in the hashed JSON object and its value in an entry. */
    record Field(String name, Function<LogEntry, Object> value) {
    }

    /**
     * The hashed fields, in the order canonical JSON writes them (by name): the one list that the hash of an
     * appended entry, the verification of a stored row and the parsed form auditors re-hash all follow.
     * A field holding JSON text enters as that text ({@link CanonicalJson.Raw}), so a stored column that differs
     * by a byte from what was hashed changes the hash. {@code LogEntryFieldsTest} holds this list to the record's
     * components, to docs/decision-log.md and to docs/verify-decision-log.py.
     */
    static final List<Field> HASHED = Stream.of(
                    new Field("sequence", LogEntry::sequence),
                    new Field("decisionId", LogEntry::decisionId),
                    new Field("kind", LogEntry::kind),
                    new Field("outcome", LogEntry::outcome),
                    new Field("decidedAt", e -> e.decidedAt().toString()),
                    new Field("rulesVersion", LogEntry::rulesVersion),
                    new Field("partnerId", LogEntry::partnerId),
                    new Field("customerId", LogEntry::customerId),
                    new Field("action", LogEntry::action),
                    new Field("service", LogEntry::service),
                    new Field("subscriptionId", LogEntry::subscriptionId),
                    new Field("actor", e -> e.actor().json()),
                    new Field("input", e -> new CanonicalJson.Raw(e.input())),
                    new Field("reasons", e -> new CanonicalJson.Raw(e.reasons())),
                    new Field("obligations", e -> new CanonicalJson.Raw(e.obligations())),
                    new Field("firedRules", e -> new CanonicalJson.Raw(e.firedRules())),
                    new Field("maskedFields", e -> new CanonicalJson.Raw(e.maskedFields())),
                    new Field("durationMicros", LogEntry::durationMicros),
                    new Field("previousHash", LogEntry::previousHash))
            .sorted(Comparator.comparing(Field::name))
            .toList();

    /** Starts the entry of a decision asked by {@code caller}; the log adds sequence, id, time, masking and the chain link. */
    public static Draft of(Decision decision, Caller caller) {
        return new Draft(decision, caller);
    }

    /** {@code "sha256:" + hex(SHA-256(previousHash + "\n" + canonical()))}: what the hash of this content is. */
    public String computedHash() {
        return EntryHashing.hash(previousHash, canonical());
    }

    /** The canonical JSON of the hashed fields, the text the hash is computed over. */
    public String canonical() {
        StringBuilder out = new StringBuilder(input.length() + reasons.length() + obligations.length() + firedRules.length() + 640);
        out.append('{');
        for (int i = 0; i < HASHED.size(); i++) {
            Field field = HASHED.get(i);
            if (i > 0) {
                out.append(',');
            }
            CanonicalJson.string(out, field.name());
            out.append(':');
            CanonicalJson.write(out, field.value().apply(this));
        }
        return out.append('}').toString();
    }

    /**
     * The hashed fields as a JSON object; {@code jsonField} turns each JSON field's text into its value (as it is
     * for the stored bytes, parsed for the form an auditor reads from an export).
     */
    public Map<String, Object> content(Function<String, Object> jsonField) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (Field field : HASHED) {
            Object value = field.value().apply(this);
            content.put(field.name(), value instanceof CanonicalJson.Raw raw ? jsonField.apply(raw.json()) : value);
        }
        return content;
    }

    /**
     * A decision on its way into the log, named field by field:
     * {@code LogEntry.of(decision, caller).partnerId(p).customerId(c).input(CommandCodec.encode(command)).durationMicros(d)}.
     * What it does not name is null ({@code input}: empty).
     */
    public static final class Draft {

        private final Decision decision;
        private final Caller caller;
        private String partnerId;
        private String customerId;
        private String action;
        private String service;
        private String subscriptionId;
        private Map<String, Object> input = Map.of();
        private long durationMicros;

        private Draft(Decision decision, Caller caller) {
            this.decision = Objects.requireNonNull(decision, "decision");
            this.caller = Objects.requireNonNull(caller, "caller");
        }

        public Draft partnerId(String partnerId) {
            this.partnerId = partnerId;
            return this;
        }

        public Draft customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        public Draft action(String action) {
            this.action = action;
            return this;
        }

        public Draft service(String service) {
            this.service = service;
            return this;
        }

        public Draft subscriptionId(String subscriptionId) {
            this.subscriptionId = subscriptionId;
            return this;
        }

        /** The request and the facts it was evaluated on: plain maps, lists and scalars, ready for canonical JSON. */
        public Draft input(Map<String, Object> input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        public Draft durationMicros(long durationMicros) {
            this.durationMicros = durationMicros;
            return this;
        }

        public Decision decision() {
            return decision;
        }

        Map<String, Object> input() {
            return input;
        }

        long durationMicros() {
            return durationMicros;
        }

        /** The entry at its place in the chain, with the input as masked and the paths that were masked. */
        LogEntry at(long sequence, String decisionId, Instant decidedAt, Map<String, Object> maskedInput, List<String> maskedPaths,
                    String previousHash) {
            return new LogEntry(sequence, decisionId, decision.kind().name(), decision.outcome().name(), decidedAt,
                    decision.rulesVersion(), partnerId, customerId, action, service, subscriptionId,
                    new Actor(caller.sub(), caller.tenant(), caller.sortedRoles()), CanonicalJson.write(maskedInput),
                    CanonicalJson.write(decision.reasons().stream()
                            .map(r -> item(r.code(), r.clause(), r.ruleId(), r.service(), r.partnerId())).toList()),
                    CanonicalJson.write(decision.obligations().stream()
                            .map(o -> item(o.code(), o.clause(), o.ruleId(), o.service(), o.partnerId())).toList()),
                    CanonicalJson.write(decision.firedRules()), CanonicalJson.write(maskedPaths), durationMicros, previousHash);
        }

        /** A reason or an obligation as hashed: without its message, which depends on who reads it. */
        private static Map<String, Object> item(String code, String clause, String ruleId, String service, String partnerId) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("code", code);
            item.put("clause", clause);
            item.put("ruleId", ruleId);
            item.put("service", service);
            item.put("partnerId", partnerId);
            return item;
        }
    }
}
