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

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One compiled, immutable version of the rules. Every evaluation runs in a fresh session of its own.
 *
 * <p>The compiled module (generated classes in their own class loader, held by Drools' repository) is freed
 * by {@link #close()}, or at the latest once nothing refers to this engine any more: a version replaced by a
 * reload is released when the last decision that took it has finished, never while one still uses it.
 */
public final class DroolsPolicyEngine implements PolicyEngine, AutoCloseable {

    private static final Cleaner RELEASER = Cleaner.create();

    private final KieBase kieBase;
    private final String version;
    private final Map<String, RuleRef> rulesByKey;
    private final List<RuleRef> rules;
    private final Cleaner.Cleanable release;

    DroolsPolicyEngine(KieBase kieBase, KieContainer container, ReleaseId releaseId, String version, Map<String, RuleRef> rulesByKey) {
        this.kieBase = kieBase;
        this.version = version;
        this.rulesByKey = Map.copyOf(rulesByKey);
        this.rules = List.copyOf(rulesByKey.values());
        this.release = RELEASER.register(this, new Release(container, releaseId));
    }

    /** Frees a compiled module; refers to the container and release id only, never to the engine itself. */
    private record Release(KieContainer container, ReleaseId releaseId) implements Runnable {
        @Override
        public void run() {
            container.dispose();
            KieServices.get().getRepository().removeKieModule(releaseId);
        }
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

    /**
     * Frees the compiled module now. Only for an engine no decision can reach (a candidate that was only
     * validated, or rejected); an engine that was active is left to be released when it becomes unreachable.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        release.clean();
    }
}
