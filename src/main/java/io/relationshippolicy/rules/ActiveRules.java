package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import io.relationshippolicy.policy.PolicyEngine;
import io.relationshippolicy.policy.drools.CompilationResult;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.drools.DroolsPolicyEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules version that decides right now. A decision takes {@link #engine()} once and uses that engine
 * throughout; activating a new version swaps the reference atomically, so no decision is ever taken half
 * by one version and half by another.
 */
@Context
public class ActiveRules {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);

    /** The active version, where it came from and when it went live. */
    public record Active(DroolsPolicyEngine engine, Map<String, String> files, String source, Instant activatedAt, String activatedBy) {
    }

    private final AtomicReference<Active> active = new AtomicReference<>();
    private final DrlCompiler compiler = new DrlCompiler();
    private final Path folder;

    /** Completes once the start-up version is active; compiling runs alongside the rest of the start-up. */
    private final CompletableFuture<Void> startup;

    public ActiveRules(@Value("${policy.rules.path:./rules}") String folder) {
        this.folder = Path.of(folder);
        this.startup = new CompletableFuture<>();
        Thread compiling = new Thread(() -> {
            try {
                activateAtStartup();
                startup.complete(null);
            } catch (RuntimeException | Error e) {
                startup.completeExceptionally(e);
            }
        }, "rules-startup");
        compiling.setDaemon(true);
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

    private void activateAtStartup() {
        if (Files.isDirectory(folder)) {
            Map<String, String> files = RuleFolder.read(folder);
            CompilationResult result = compiler.compile(files);
            if (result.compiles()) {
                active.set(new Active(result.engine(), files, folder.toAbsolutePath().normalize().toString(), Instant.now(), "startup"));
                LOG.info("Rules {} active from {} ({} rules)", result.engine().version(), folder.toAbsolutePath().normalize(), result.engine().rules().size());
                return;
            }
            LOG.error("The rules in {} do not compile; falling back to the rules packaged with the service. Errors: {}", folder, result.errors());
        } else {
            LOG.info("No rules folder at {}; using the rules packaged with the service", folder.toAbsolutePath().normalize());
        }
        Map<String, String> packaged = RuleFolder.readClasspath(ActiveRules.class.getClassLoader());
        CompilationResult result = compiler.compile(packaged);
        if (!result.compiles()) {
            throw new IllegalStateException("Neither the rules folder " + folder + " nor the packaged rules compile: " + result.errors());
        }
        active.set(new Active(result.engine(), packaged, "classpath:rules", Instant.now(), "startup"));
        LOG.info("Rules {} active from the packaged copy ({} rules)", result.engine().version(), result.engine().rules().size());
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

    public DrlCompiler compiler() {
        return compiler;
    }

    /**
     * Makes {@code next} the active version. The previous engine is not closed here: decisions in flight
     * may still hold it; it is freed once unreachable.
     */
    public Active activate(DroolsPolicyEngine engine, Map<String, String> files, String source, String activatedBy) {
        return activate(engine, files, source, activatedBy, Instant.now());
    }

    public Active activate(DroolsPolicyEngine engine, Map<String, String> files, String source, String activatedBy, Instant activatedAt) {
        awaitStartup();
        Active next = new Active(engine, Map.copyOf(files), source, activatedAt, activatedBy);
        active.set(next);
        LOG.info("Rules {} active from {} ({} rules), activated by {}", engine.version(), source, engine.rules().size(), activatedBy);
        return next;
    }
}
