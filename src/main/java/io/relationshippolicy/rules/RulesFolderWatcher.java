package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.drools.DrlCompiler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.SortedMap;

/**
 * Optional ({@code policy.rules.watch=true}): activates the rules folder when its content changes, through
 * the same path as {@code POST /api/v1/rules/reload}. The folder is read every
 * {@code policy.rules.watch-interval} (default 2s); a change is acted on once the content has stayed the same
 * for one whole interval, so an editor saving several files, or a file half-written, is not compiled
 * mid-way. A version that fails its checks is logged with file and line and not retried until the folder
 * changes again. Polling rather than file-system events also works on shared and network folders.
 */
@Singleton
@Requires(property = "policy.rules.watch", value = "true")
public class RulesFolderWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RulesFolderWatcher.class);

    private final ActiveRules rules;
    private final RulesWorkflow workflow;
    private String pending;
    private String rejected;

    public RulesFolderWatcher(ActiveRules rules, RulesWorkflow workflow) {
        this.rules = rules;
        this.workflow = workflow;
        LOG.info("Watching {} for rule changes", rules.folder().toAbsolutePath().normalize());
    }

    /** The last version the folder held that failed its checks, null when none. */
    synchronized String rejectedVersion() {
        return rejected;
    }

    @Scheduled(fixedDelay = "${policy.rules.watch-interval:2s}", initialDelay = "${policy.rules.watch-interval:2s}")
    synchronized void look() {
        if (!Files.isDirectory(rules.folder())) {
            return;
        }
        SortedMap<String, String> files;
        try {
            files = RuleFolder.read(rules.folder());
        } catch (RuntimeException e) {
            LOG.debug("Rules folder not readable right now: {}", e.getMessage());
            return;
        }
        String version = PolicyCompiler.version(files);
        if (version.equals(rules.current().engine().version()) || version.equals(rejected)) {
            pending = null;
            return;
        }
        if (!version.equals(pending)) {
            pending = version;
            return;
        }
        pending = null;
        try {
            RulesWorkflow.Activated activated = workflow.activate(files, rules.folder().toAbsolutePath().normalize().toString(), "watcher", null);
            LOG.info("Rules folder changed: {} is active", activated.version());
        } catch (RulesRejected e) {
            rejected = version;
            LOG.error("Rules folder changed but version {} was not activated: {} {}", version, e.getMessage(),
                    e.body().errors().stream().map(x -> x.file() + (x.line() > 0 ? ":" + x.line() : "") + ": " + x.message()).toList());
        } catch (RuntimeException e) {
            LOG.error("Rules folder changed but version {} could not be activated: {}", version, e.getMessage());
        }
    }
}
