package io.relationshippolicy.policy;

import java.util.List;

/** What one evaluation of the rules produced: the outcome facts in insertion order and the rules that fired. */
public record Evaluation(List<Emitted> emitted, List<RuleRef> fired, String rulesVersion) {

    public <T> List<T> facts(Class<T> type) {
        return emitted.stream().map(Emitted::fact).filter(type::isInstance).map(type::cast).toList();
    }

    public <T> List<Emitted> emitted(Class<T> type) {
        return emitted.stream().filter(e -> type.isInstance(e.fact())).toList();
    }

    public List<String> firedRuleIds() {
        return fired.stream().map(RuleRef::id).toList();
    }
}
