package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PreDestroy;
import io.micronaut.runtime.event.annotation.EventListener;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.RuleFileError;
import io.relationshippolicy.rules.RulesActivationStore.Activation;
import io.relationshippolicy.rules.RulesActivationStore.FilesChanged;
import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.system.Database;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a rules version goes live, and how a candidate is judged before it does. Every path to activation
 * (reload, the folder watcher, following another instance) passes the same gate: the files compile and
 * every scenario case passes, or nothing changes. Activation is recorded in rules_activation with the
 * version's files, then the new version replaces the old one in one atomic swap.
 */
@Singleton
public class RulesWorkflow {

    private static final Logger LOG = LoggerFactory.getLogger(RulesWorkflow.class);
    private static final Pattern RELATIVE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    /** What an activation request ended with; {@code changed} is false when that version was already active. */
    public record Activated(String version, boolean changed, Instant activatedAt, FilesChanged filesChanged) {
    }

    /** What validating a candidate found. {@code impact} is empty when the candidate does not compile. */
    public record Validation(CheckedRules checked, String activeVersion, FilesChanged files, ImpactAnalysis.Impact impact,
                             int impactLast) {

        /** Everything that keeps the candidate from going live: its own problems, and replays over budget. */
        public List<RuleFileError> problems() {
            List<RuleFileError> problems = new ArrayList<>(checked.problems());
            for (ImpactAnalysis.Skipped over : impact.overBudget()) {
                problems.add(new RuleFileError("", 0, "replaying logged decision " + over.decisionId() + " (sequence "
                        + over.sequence() + "): " + over.reason()));
            }
            return problems;
        }

        /** Errors to show beside the scenario results: compile errors and replays over budget. */
        public List<RuleFileError> errors() {
            List<RuleFileError> errors = new ArrayList<>(checked.compileErrors());
            problems().stream().filter(p -> p.file().isEmpty() && p.message().startsWith("replaying")).forEach(errors::add);
            return errors;
        }

        public boolean activatable() {
            return checked.passes() && impact.overBudget().isEmpty();
        }
    }

    private final ActiveRules rules;
    private final Database database;
    private final DecisionJournal journal;
    private final RulesActivationStore store;
    private final int defaultImpactLast;
    private final int maxImpactLast;
    /** Activations on this instance happen one at a time; across instances the database lock row orders them. */
    private final ReentrantLock activation = new ReentrantLock();
    /**
     * One check (validate or reload) at a time, on its own thread, never on a request thread: one that arrives
     * while another runs is answered 429 at once instead of waiting.
     */
    private final Semaphore checking = new Semaphore(1);
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rules-check");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        return thread;
    });
    private final Duration deadline;
    private volatile long runningSince;
    private volatile String lastRejectedFollow;

    public RulesWorkflow(ActiveRules rules, Database database, DecisionJournal journal, RulesActivationStore store,
                         @Value("${policy.rules.impact.last:10000}") int defaultImpactLast,
                         @Value("${policy.rules.impact.max:100000}") int maxImpactLast,
                         @Value("${policy.rules.validation.deadline:60s}") Duration deadline) {
        this.rules = rules;
        this.database = database;
        this.journal = journal;
        this.store = store;
        this.defaultImpactLast = defaultImpactLast;
        this.maxImpactLast = maxImpactLast;
        this.deadline = deadline;
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }

    // ---------------------------------------------------------------- one check at a time, off the request threads

    /**
     * Runs {@code work} on the check thread and waits for it up to the deadline. Past the deadline the candidate
     * is abandoned (its evaluations stop at their next rule firing) and the attempt is refused.
     */
    private <T> T exclusively(String action, String by, String version, Function<CheckedRules.Candidate, T> work) {
        if (!checking.tryAcquire()) {
            long running = Math.max(0, (System.nanoTime() - runningSince) / 1_000_000_000L);
            long retry = Math.max(1, Math.min(deadline.toSeconds() - running, 10));
            LOG.info("Rules {} of {} by {} refused: another validation or reload is running", action.toLowerCase(), version, by);
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "A rules check is already running",
                    "Validations and reloads run one at a time and another one is under way. Try again in " + retry
                            + " s; nothing was checked or changed.", null, retry);
        }
        CheckedRules.Candidate candidate = new CheckedRules.Candidate();
        Future<T> future;
        try {
            runningSince = System.nanoTime();
            future = checker.submit(() -> {
                try {
                    return work.apply(candidate);
                } finally {
                    checking.release();
                }
            });
        } catch (RejectedExecutionException e) {
            checking.release();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "The service is stopping", "Try again once it is back.");
        }
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            candidate.abandon();
            String reason = "the check ran past its deadline of " + deadline.toSeconds() + " s and was abandoned";
            attempt(action, by, version, "REFUSED", reason);
            throw new RulesRejected("The candidate was not " + (action.equals("RELOAD") ? "activated" : "accepted") + ": " + reason
                    + ". Make its rules cheaper to evaluate, or validate with a smaller 'last'.",
                    List.of(new RuleFileError("", 0, reason)), version, rules.current().engine().version());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("rules check failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            candidate.abandon();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "The check was interrupted", "Try again.");
        }
    }

    /** Records one validation or reload, whatever came of it, in the database and in the service log. */
    private void attempt(String action, String by, String version, String result, String reason) {
        LOG.info("Rules {} of {} by {}: {} ({})", action.toLowerCase(), version, by, result, reason);
        try {
            database.write(c -> {
                store.recordAttempt(Instant.now().truncatedTo(ChronoUnit.MILLIS), by, action, version, result, reason);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Rules {} of {} by {} could not be recorded: {}", action.toLowerCase(), version, by, e.getMessage());
        }
    }

    private static String summary(List<RuleFileError> problems) {
        return ActiveRules.describe(problems);
    }

    // ---------------------------------------------------------------- activation

    /** Activates the rules folder as it is on disk now, on the check thread (429 while another check runs). */
    public Activated reloadFolder(String by, String expectedVersion) {
        if (!Files.isDirectory(rules.folder())) {
            throw new RulesRejected("There is no rules folder at " + rules.folder().toAbsolutePath().normalize()
                    + " to reload; set POLICY_RULES_PATH to the folder the compliance team edits.",
                    List.of(new RuleFileError("", 0, "rules folder not found")), null, rules.current().engine().version());
        }
        SortedMap<String, String> files = RuleFolder.read(rules.folder());
        String source = rules.folder().toAbsolutePath().normalize().toString();
        return exclusively("RELOAD", by, PolicyCompiler.version(files),
                candidate -> activate(files, source, by, expectedVersion, candidate));
    }

    /**
     * Checks {@code files} and, when they pass, makes them the active version; waits its turn behind a check
     * under way (the folder watcher). {@code expectedVersion}, when given, must be the version of these files
     * (the one a validation reported), so that what goes live is exactly what was reviewed.
     */
    public Activated activate(SortedMap<String, String> files, String source, String by, String expectedVersion) {
        checking.acquireUninterruptibly();
        try {
            return activate(files, source, by, expectedVersion, new CheckedRules.Candidate());
        } finally {
            checking.release();
        }
    }

    /**
     * Activates exactly a validated candidate: the active files with {@code overlay} applied, as validate builds
     * them, through the same gate as reload (compiles, every scenario passes), one check at a time (429 while
     * another runs). {@code expectedVersion} is the version the validation reported: when the active rules
     * changed since, the candidate is another version and the answer is 409. The files are recorded with the
     * activation in the database (as every activation is), not written to the rules folder: at start-up the
     * service restores the latest activation from there, and the folder stays the team's own copy.
     */
    public Activated activateCandidate(Map<String, String> overlay, String by, String expectedVersion) {
        SortedMap<String, String> files = overlay(rules.current().files(), overlay == null ? Map.of() : overlay);
        String version = PolicyCompiler.version(files);
        if (expectedVersion != null && !expectedVersion.equals(version)) {
            attempt("RELOAD", by, version, "REFUSED", "the candidate is not the expected version " + expectedVersion);
            throw ProblemException.conflict("Over the rules in service now, the candidate is version " + version + ", not the "
                    + expectedVersion + " that was validated: the active rules changed since. Validate the candidate again.");
        }
        return exclusively("RELOAD", by, version,
                candidate -> activate(files, "candidate activated by " + by, by, expectedVersion, candidate));
    }

    /** The files of a version that was activated once; empty when it never was (or its files are not stored). */
    public SortedMap<String, String> filesOf(String version) {
        return database.read(c -> store.files(version));
    }

    private Activated activate(SortedMap<String, String> files, String source, String by, String expectedVersion,
                               CheckedRules.Candidate candidate) {
        String version = PolicyCompiler.version(files);
        if (expectedVersion != null && !expectedVersion.equals(version)) {
            attempt("RELOAD", by, version, "REFUSED", "the folder is not the expected version " + expectedVersion);
            throw ProblemException.conflict("The rules folder holds version " + version + ", not the expected " + expectedVersion
                    + ": it changed since it was validated. Validate it again, or reload without 'expectedVersion'.");
        }
        if (version.equals(rules.current().engine().version())) {
            ActiveRules.Active current = rules.current();
            attempt("RELOAD", by, version, "UNCHANGED", "this version is already active");
            return new Activated(version, false, current.activatedAt(), new FilesChanged(List.of(), List.of(), List.of()));
        }
        CheckedRules checked = CheckedRules.check(rules.compiler(), files, candidate);
        if (!checked.passes() || candidate.abandoned()) {
            checked.discard();
            if (!candidate.abandoned()) {
                attempt("RELOAD", by, version, "REFUSED", summary(checked.problems()));
            }
            throw RulesRejected.of(checked, rules.current().engine().version());
        }
        activation.lock();
        try {
            ActiveRules.Active current = rules.current();
            if (current.engine().version().equals(checked.version())) {
                checked.discard();
                attempt("RELOAD", by, version, "UNCHANGED", "this version is already active");
                return new Activated(checked.version(), false, current.activatedAt(), new FilesChanged(List.of(), List.of(), List.of()));
            }
            FilesChanged changed = FilesChanged.between(current.files(), files);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            database.write(c -> {
                store.lock();
                return store.record(checked.version(), files, at, by, changed);
            });
            rules.activate(checked.engine(), files, source, by, at);
            attempt("RELOAD", by, version, "ACTIVATED", "compiles, every scenario passes; files " + changed.asMap());
            return new Activated(checked.version(), true, at, changed);
        } catch (RuntimeException e) {
            checked.discard();
            throw e;
        } finally {
            activation.unlock();
        }
    }

    /**
     * At start-up: records the version the service came up with when it differs from the last one
     * activated. A folder holding an older version that was superseded since (an instance started from a
     * stale copy) does not roll the service back: the latest activation is restored from the database
     * instead, and only an explicit reload rolls back.
     */
    @EventListener
    public void onStartup(StartupEvent event) {
        activation.lock();
        try {
            ActiveRules.Active current = rules.current();
            String version = current.engine().version();
            Optional<Activation> superseding = database.write(c -> {
                store.lock();
                Optional<Activation> latest = store.latest();
                if (latest.isPresent() && latest.get().version().equals(version)) {
                    return Optional.empty();
                }
                if (latest.isPresent() && store.wasActivated(version) && !store.files(latest.get().version()).isEmpty()) {
                    return latest;
                }
                SortedMap<String, String> before = latest.isPresent() ? store.files(latest.get().version()) : new TreeMap<>();
                store.record(version, current.files(), current.activatedAt().truncatedTo(ChronoUnit.MILLIS), "startup",
                        FilesChanged.between(before, current.files()));
                return Optional.empty();
            });
            if (superseding.isPresent()) {
                LOG.warn("The rules at {} hold version {}, which {} superseded; restoring that later version. "
                        + "To roll back deliberately, POST /api/v1/rules/reload.", current.source(), version, superseding.get().version());
                adopt(superseding.get());
            }
        } finally {
            activation.unlock();
        }
    }

    /**
     * Brings this instance to the latest activation recorded by any instance (called periodically by
     * {@link RulesFollower}). A version that fails its checks here is reported once and not retried.
     */
    public void followLatest() {
        Optional<Activation> latest = database.read(c -> store.latest());
        if (latest.isEmpty() || latest.get().version().equals(rules.current().engine().version())
                || latest.get().version().equals(lastRejectedFollow)) {
            return;
        }
        activation.lock();
        try {
            Optional<Activation> still = database.read(c -> store.latest());
            if (still.isPresent() && still.get().id() == latest.get().id()
                    && !latest.get().version().equals(rules.current().engine().version())) {
                adopt(latest.get());
            }
        } finally {
            activation.unlock();
        }
    }

    private void adopt(Activation activation) {
        SortedMap<String, String> files = database.read(c -> store.files(activation.version()));
        if (files.isEmpty()) {
            LOG.warn("Rules {} were activated by {} but their files are not stored; this instance keeps {}",
                    activation.version(), activation.activatedBy(), rules.current().engine().version());
            lastRejectedFollow = activation.version();
            return;
        }
        CheckedRules checked = CheckedRules.check(rules.compiler(), files);
        if (!checked.passes()) {
            checked.discard();
            LOG.error("Rules {} activated by {} do not pass their checks on this instance; it keeps {}: {}",
                    activation.version(), activation.activatedBy(), rules.current().engine().version(), summary(checked.problems()));
            lastRejectedFollow = activation.version();
            return;
        }
        rules.activate(checked.engine(), files, "activation #" + activation.id() + " (database)", activation.activatedBy(),
                activation.activatedAt());
    }

    // ---------------------------------------------------------------- validation and impact

    /**
     * Judges a candidate without activating it: the active files with {@code overlay} applied (a path with
     * text adds or replaces that file, a path with null or empty text deletes it), compiled, its scenarios
     * run, and the newest {@code last} logged decisions replayed against it.
     */
    public Validation validate(Map<String, String> overlay, Integer last, String by) {
        int replay = last == null ? defaultImpactLast : last;
        if (replay < 0 || replay > maxImpactLast) {
            throw ProblemException.badRequest("'last' is the number of logged decisions to replay: 0 to " + maxImpactLast + ".");
        }
        ActiveRules.Active active = rules.current();
        SortedMap<String, String> files = overlay(active.files(), overlay == null ? Map.of() : overlay);
        String version = PolicyCompiler.version(files);
        return exclusively("VALIDATE", by, version, candidate -> {
            CheckedRules checked = CheckedRules.check(rules.compiler(), files, candidate);
            try {
                ImpactAnalysis.Impact impact = new ImpactAnalysis.Impact(0, List.of(), List.of());
                if (checked.compiles()) {
                    try {
                        journal.awaitIndexed();
                        impact = DecisionLogReplay.replay(checked.engine(), replay,
                                (below, size) -> database.read(c -> DecisionLogReplay.page(c, below, size)));
                    } catch (SQLException e) {
                        throw new Database.DatabaseException(e);
                    }
                }
                Validation validation = new Validation(checked, active.engine().version(), FilesChanged.between(active.files(), files),
                        impact, replay);
                if (!candidate.abandoned()) {
                    List<RuleFileError> problems = validation.problems();
                    attempt("VALIDATE", by, version, problems.isEmpty() ? "PASSED" : "REFUSED", problems.isEmpty()
                            ? "compiles, every scenario passes, " + impact.replayed() + " decisions replayed, " + impact.changed().size()
                            + " would change" : summary(problems));
                }
                return validation;
            } finally {
                checked.discard();
            }
        });
    }

    /** The newest attempts (validations and reloads), newest first. */
    public List<RulesActivationStore.Attempt> attempts(int limit) {
        return database.read(c -> store.attempts(limit));
    }

    static SortedMap<String, String> overlay(Map<String, String> base, Map<String, String> overlay) {
        SortedMap<String, String> files = new TreeMap<>(base);
        overlay.forEach((path, text) -> {
            if (path == null || path.length() > 300 || !RELATIVE_PATH.matcher(path).matches()) {
                throw ProblemException.badRequest("'" + path + "' is not a path inside the rules folder: use a relative path with '/' "
                        + "such as relationships/removal/removal.drl (letters, digits, '.', '_', '-'; no '..', no hidden files).");
            }
            if (text == null || text.isEmpty()) {
                files.remove(path);
            } else {
                files.put(path, text);
            }
        });
        return files;
    }

    public List<Activation> history() {
        return database.read(c -> store.history());
    }
}
