package io.relationshippolicy.policy.drools;

import io.relationshippolicy.policy.Emitted;
import io.relationshippolicy.policy.Evaluation;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RuleRef;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One compiled, immutable version of the rules. Every evaluation runs in a fresh session of its own. */
public final class DroolsPolicyEngine implements PolicyEngine, AutoCloseable {

    private final KieBase kieBase;
    private final KieContainer container;
    private final ReleaseId releaseId;
    private final String version;
    private final Map<String, RuleRef> rulesByKey;
    private final List<RuleRef> rules;

    DroolsPolicyEngine(KieBase kieBase, KieContainer container, ReleaseId releaseId, String version, Map<String, RuleRef> rulesByKey) {
        this.kieBase = kieBase;
        this.container = container;
        this.releaseId = releaseId;
        this.version = version;
        this.rulesByKey = Map.copyOf(rulesByKey);
        this.rules = List.copyOf(rulesByKey.values());
    }

    @Override
    public Evaluation evaluate(Collection<?> facts) {
        List<Emitted> emitted = new ArrayList<>();
        List<RuleRef> fired = new ArrayList<>();
        KieSession session = kieBase.newKieSession();
        try {
            session.addEventListener(new DefaultRuleRuntimeEventListener() {
                @Override
                public void objectInserted(ObjectInsertedEvent event) {
                    if (event.getRule() != null) {
                        emitted.add(new Emitted(event.getObject(), ref(event.getRule())));
                    }
                }
            });
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    RuleRef ref = ref(event.getMatch().getRule());
                    if (!fired.contains(ref)) {
                        fired.add(ref);
                    }
                }
            });
            for (Object fact : facts) {
                session.insert(fact);
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        return new Evaluation(List.copyOf(emitted), List.copyOf(fired), version);
    }

    private RuleRef ref(Rule rule) {
        RuleRef ref = rulesByKey.get(rule.getPackageName() + "/" + rule.getName());
        return ref != null ? ref : new RuleRef(rule.getName(), rule.getName(), "", "");
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<RuleRef> rules() {
        return rules;
    }

    /** Frees the compiled module once no decision uses this version any more. */
    @Override
    public void close() {
        container.dispose();
        KieServices.get().getRepository().removeKieModule(releaseId);
    }
}
