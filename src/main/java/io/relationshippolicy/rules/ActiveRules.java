package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.EvaluationBudget;
import io.relationshippolicy.policy.drools.CompiledRulesCache;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Inject;
import io.relationshippolicy.policy.RuleFileError;
import io.relationshippolicy.system.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules version that decides right now. A decision takes {@link #engine()} once and uses that engine
 * throughout; activating a new version swaps the reference atomically, so no decision is ever taken half
 * by one version and half by another.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE) // first of the eager beans: the rules start before the connection pool and Flyway
public class ActiveRules {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);

    /** The active version, where it came from and when it went live. */
    public record Active(PolicyEngine engine, Map<String, String> files, String source, Instant activatedAt, String activatedBy) {
    }

    private final AtomicReference<Active> active = new AtomicReference<>();
    private final PolicyCompiler compiler;
    private final Path folder;
    /** True when the folder was named on purpose (POLICY_RULES_PATH): then it serves, or the service does not start. */
    private final boolean explicit;

    /** Completes once the start-up version is active; compiling runs alongside the rest of the start-up. */
    private final CompletableFuture<Void> startup;

    /** Without a compiled-rules cache: every start compiles. */
    public ActiveRules(String explicitFolder, String defaultFolder, int maxFirings, Duration timeLimit) {
        this(explicitFolder, defaultFolder, maxFirings, timeLimit, null, false);
    }

    /**
     * {@code dataFolder}: the data folder whose {@code compiled-rules} keeps each compiled version when
     * {@code cacheEnabled}, so that a restart with unchanged rules loads it instead of compiling.
     */
    @Inject
    public ActiveRules(@Value("${policy.rules.path:}") String explicitFolder,
                       @Value("${policy.rules.default-path:./rules}") String defaultFolder,
                       @Value("${policy.rules.budget.max-firings:10000}") int maxFirings,
                       @Value("${policy.rules.budget.time-limit:2s}") Duration timeLimit,
                       @Nullable @Value("${policy.data-dir:}") String dataFolder,
                       @Value("${policy.rules.compiled-cache.enabled:true}") boolean cacheEnabled) {
        this.explicit = explicitFolder != null && !explicitFolder.isBlank();
        this.folder = Path.of(explicit ? explicitFolder : defaultFolder);
        this.startup = new CompletableFuture<>();
        long constructed = System.nanoTime();
        Thread compiling = new Thread(() -> {
            try {
                LOG.info("Rules start-up begins ({} ms after the rules bean was created)", (System.nanoTime() - constructed) / 1_000_000);
                activateAtStartup();
                startup.complete(null);
            } catch (RuntimeException | Error e) {
                startup.completeExceptionally(e);
            }
        }, "rules-startup");
        compiling.setDaemon(true);
        EvaluationBudget budget = new EvaluationBudget(maxFirings, timeLimit);
        this.compiler = !cacheEnabled || dataFolder == null || dataFolder.isBlank()
                ? new DrlCompiler(budget)
                : new DrlCompiler(budget, CompiledRulesCache.in(Path.of(dataFolder)).orElse(null));
        compiling.start();
    }

    /**
     * Waits for the start-up version; the service does not start without one ({@link StartupCheck}), so
     * only requests that arrive during the first second or so ever wait here.
     */
    private void awaitStartup() {
        try {
            startup.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Makes the start-up fail, as before, when neither the rules folder nor the packaged rules compile. */
    @Singleton
    static class StartupCheck {
        private final ActiveRules rules;

        StartupCheck(ActiveRules rules) {
            this.rules = rules;
        }

        @EventListener
        void onStartup(StartupEvent event) {
            rules.awaitStartup();
        }
    }

    /**
     * The start-up version passes the same gates as any activation (profile, messages, compile, scenarios).
     * A folder named by POLICY_RULES_PATH serves or stops the start-up with the reason; without the variable,
     * {@code ./rules} serves when it passes, and the copy packaged in the jar otherwise.
     */
    private void activateAtStartup() {
        Path where = folder.toAbsolutePath().normalize();
        if (Files.isDirectory(folder)) {
            Map<String, String> files = RuleFolder.read(folder);
            CheckedRules checked = CheckedRules.check(compiler, files);
            if (checked.passes()) {
                use(new Active(checked.engine(), files, where.toString(), Instant.now(), "startup"));
                LOG.info("Rules {} active from {} ({} rules)", checked.version(), where, checked.engine().rules().size());
                return;
            }
            checked.discard();
            if (explicit) {
                throw new RulesFolderRefused("The rules folder " + where + " (POLICY_RULES_PATH) does not pass its checks, so the "
                        + "service does not start. Fix these and start again: " + describe(checked.problems()));
            }
            LOG.error("The rules in {} do not pass their checks; the rules packaged with the service serve instead. Fix: {}",
                    where, describe(checked.problems()));
        } else if (explicit) {
            throw new RulesFolderRefused("POLICY_RULES_PATH names " + where + ", which is not a folder, so the service does not "
                    + "start. Point it at the rules folder, or leave it unset to use ./rules or the copy packaged with the service.");
        } else {
            LOG.info("No rules folder at {}; using the rules packaged with the service", where);
        }
        Map<String, String> packaged = RuleFolder.readClasspath(ActiveRules.class.getClassLoader());
        CheckedRules checked = CheckedRules.check(compiler, packaged);
        if (!checked.passes()) {
            checked.discard();
            throw new RulesFolderRefused("Neither the rules folder " + where + " nor the packaged rules pass their checks: "
                    + describe(checked.problems()));
        }
        use(new Active(checked.engine(), packaged, "classpath:rules", Instant.now(), "startup"));
        LOG.info("Rules {} active from the packaged copy ({} rules)", checked.version(), checked.engine().rules().size());
    }

    /** Why the start-up refused a rules folder; its message is the whole explanation, without a stack trace. */
    public static final class RulesFolderRefused extends IllegalStateException {
        RulesFolderRefused(String message) {
            super(message);
            setStackTrace(new StackTraceElement[0]);
        }
    }

    static String describe(List<RuleFileError> problems) {
        return problems.stream().limit(20)
                .map(p -> (p.file().isEmpty() ? "" : p.file() + (p.line() > 0 ? ":" + p.line() : "") + ": ") + p.message())
                .collect(Collectors.joining("; "));
    }

    private void use(Active next) {
        active.set(next);
        Messages.use(next.engine().messages());
    }

    public PolicyEngine engine() {
        return current().engine();
    }

    public Active current() {
        Active current = active.get();
        if (current == null) {
            awaitStartup();
            current = active.get();
        }
        return current;
    }

    public Path folder() {
        return folder;
    }

    public PolicyCompiler compiler() {
        return compiler;
    }

    /**
     * Makes {@code next} the active version. The previous engine is not closed here: decisions in flight
     * may still hold it; it is freed once unreachable.
     */
    public Active activate(PolicyEngine engine, Map<String, String> files, String source, String activatedBy) {
        return activate(engine, files, source, activatedBy, Instant.now());
    }

    public Active activate(PolicyEngine engine, Map<String, String> files, String source, String activatedBy, Instant activatedAt) {
        awaitStartup();
        Active next = new Active(engine, Map.copyOf(files), source, activatedAt, activatedBy);
        use(next);
        LOG.info("Rules {} active from {} ({} rules), activated by {}", engine.version(), source, engine.rules().size(), activatedBy);
        return next;
    }
}
