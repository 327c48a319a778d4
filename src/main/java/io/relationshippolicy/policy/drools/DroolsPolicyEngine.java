package io.relationshippolicy.policy.drools;

import io.relationshippolicy.policy.Emitted;
import io.relationshippolicy.policy.Evaluation;
import io.relationshippolicy.policy.EvaluationBudget;
import io.relationshippolicy.policy.EvaluationOverBudget;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.RuleMessages;
import io.relationshippolicy.policy.RuleRef;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.AgendaFilter;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One compiled, immutable version of the rules. Every evaluation runs in a session of its own that starts
 * empty: sessions come from a pool and are reset by Drools when they go back, so a decision never sees
 * the facts of another, yet does not pay for building a session's memory each time.
 *
 * <p>The compiled module (generated classes in their own class loader, held by Drools' repository) and the
 * pooled sessions are freed by {@link #close()}, or at the latest once nothing refers to this engine any
 * more: a version replaced by a reload is released when the last decision that took it has finished, never
 * while one still uses it.
 */
public final class DroolsPolicyEngine implements PolicyEngine, AutoCloseable {

    private static final Cleaner RELEASER = Cleaner.create();
    private static final int INITIAL_POOL_SIZE = 4;

    private final String version;
    private final Map<String, RuleRef> rulesByKey;
    private final List<RuleRef> rules;
    private final KieSessionsPool sessions;
    private final RuleRefs refs;
    private final Cleaner.Cleanable release;
    private final RuleMessages messages;
    private final EvaluationBudget budget;
    /** Set when the candidate this engine compiles is abandoned: every evaluation under way stops at its next firing. */
    private volatile boolean abandoned;

    DroolsPolicyEngine(KieBase kieBase, KieContainer container, ReleaseId releaseId, String version, Map<String, RuleRef> rulesByKey,
                       RuleMessages messages, EvaluationBudget budget) {
        this.version = version;
        this.messages = messages;
        this.budget = budget;
        this.rulesByKey = Map.copyOf(rulesByKey);
        this.rules = List.copyOf(rulesByKey.values());
        this.sessions = kieBase.newKieSessionsPool(INITIAL_POOL_SIZE);
        this.refs = new RuleRefs(this.rulesByKey);
        this.release = RELEASER.register(this, new Release(sessions, container, releaseId));
    }

    /**
     * Frees a compiled module and its pooled sessions; refers to them only, never to the engine itself (the
     * sessions' listeners do not refer to it either).
     */
    private record Release(KieSessionsPool sessions, KieContainer container, ReleaseId releaseId) implements Runnable {
        @Override
        public void run() {
            sessions.shutdown();
            container.dispose();
            if (releaseId != null) {
                KieServices.get().getRepository().removeKieModule(releaseId);
            }
        }
    }

    /**
     * Evaluates within the budget: at most {@code maxFirings} firings (one more is never taken) and the time
     * limit, checked before every firing. An evaluation over budget throws, and nothing it produced is used.
     */
    @Override
    public Evaluation evaluate(Collection<?> facts) {
        if (abandoned) {
            throw new EvaluationOverBudget("the evaluation was abandoned", version);
        }
        KieSession session = sessions.newKieSession();
        try {
            Recorder recorder = recorderOf(session);
            recorder.start();
            for (Object fact : facts) {
                session.insert(fact);
            }
            Deadline deadline = new Deadline(System.nanoTime() + budget.timeLimit().toNanos());
            int fired = session.fireAllRules(deadline, budget.maxFirings() + 1);
            if (deadline.passed) {
                recorder.finish(version);
                throw new EvaluationOverBudget(abandoned ? "the evaluation was abandoned"
                        : "the rules ran past the evaluation time limit of " + budget.timeLimit().toMillis() + " ms", version);
            }
            if (fired > budget.maxFirings()) {
                recorder.finish(version);
                throw new EvaluationOverBudget("the rules ran past the evaluation budget of " + budget.maxFirings()
                        + " rule firings (a rule whose consequence feeds its own condition loops)", version);
            }
            return recorder.finish(version);
        } finally {
            // back to the pool, which resets the session: its facts and agenda are gone, its listener stays
            session.dispose();
        }
    }

    /** Lets a match fire only while time is left and the engine is not abandoned; once either ends, none does. */
    private final class Deadline implements AgendaFilter {
        private final long at;
        private boolean passed;

        Deadline(long at) {
            this.at = at;
        }

        @Override
        public boolean accept(org.kie.api.runtime.rule.Match match) {
            if (!passed && (abandoned || System.nanoTime() - at > 0)) {
                passed = true;
            }
            return !passed;
        }
    }

    @Override
    public void abandon() {
        abandoned = true;
    }


    @Override
    public RuleMessages messages() {
        return messages;
    }

    /** The recorder attached to this pooled session, attached now if the session is new. */
    private Recorder recorderOf(KieSession session) {
        for (AgendaEventListener listener : session.getAgendaEventListeners()) {
            if (listener instanceof Recorder recorder) {
                return recorder;
            }
        }
        Recorder recorder = new Recorder(refs);
        session.addEventListener((AgendaEventListener) recorder);
        session.addEventListener((RuleRuntimeEventListener) recorder);
        return recorder;
    }

    /** The catalogue entry of each Drools rule, looked up once per rule. */
    private record RuleRefs(Map<String, RuleRef> byKey, Map<Rule, RuleRef> byRule) {

        RuleRefs(Map<String, RuleRef> byKey) {
            this(byKey, new ConcurrentHashMap<>());
        }

        RuleRef of(Rule rule) {
            RuleRef known = byRule.get(rule);
            return known != null ? known : byRule.computeIfAbsent(rule, r -> {
                RuleRef ref = byKey.get(r.getPackageName() + "/" + r.getName());
                return ref != null ? ref : new RuleRef(r.getName(), r.getName(), "", "");
            });
        }
    }

    /**
     * Records, for the evaluation under way in its session, which rule inserted what and which rules fired.
     * Static, so a pooled session never keeps the engine itself reachable.
     */
    private static final class Recorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

        private final RuleRefs refs;
        private List<Emitted> emitted = new ArrayList<>();
        private List<RuleRef> fired = new ArrayList<>();

        Recorder(RuleRefs refs) {
            this.refs = refs;
        }

        void start() {
            emitted = new ArrayList<>();
            fired = new ArrayList<>();
        }

        Evaluation finish(String rulesVersion) {
            Evaluation evaluation = new Evaluation(List.copyOf(emitted), List.copyOf(fired), rulesVersion);
            emitted = null;
            fired = null;
            return evaluation;
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getRule() != null) {
                emitted.add(new Emitted(event.getObject(), refs.of(event.getRule())));
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            RuleRef ref = refs.of(event.getMatch().getRule());
            if (!fired.contains(ref)) {
                fired.add(ref);
            }
        }
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
