package io.relationshippolicy.rules;

import io.micronaut.core.type.Argument;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.decisionlog.CanonicalJson;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The history of activated rules versions (table rules_activation) and the files of each version. */
@Singleton
public class RulesActivationStore {

    /** One activation: which version, by whom, when, and which files it changed against the version before. */
    public record Activation(long id, String version, Instant activatedAt, String activatedBy, FilesChanged filesChanged) {
    }

    /** One validation or reload of a candidate: who, when, which content, and what came of it and why. */
    public record Attempt(long id, Instant attemptedAt, String attemptedBy, String action, String candidateVersion, String result,
                          String reason) {
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final int MAX_REASON = 2000;
    private static final int MAX_BY = 200;

    private final ActivationLockRepository lock;
    private final ActivationRepository activations;
    private final VersionFileRepository versionFiles;
    private final AttemptRepository attempts;

    public RulesActivationStore(ActivationLockRepository lock, ActivationRepository activations, VersionFileRepository versionFiles,
                                AttemptRepository attempts) {
        this.lock = lock;
        this.activations = activations;
        this.versionFiles = versionFiles;
        this.attempts = attempts;
    }

    /**
     * Takes the cluster-wide activation lock for the rest of the transaction: activations, on this instance or
     * another, happen one after the other.
     */
    public void lock() {
        if (lock.findByIdForUpdate(ActivationLockRow.ONLY).isEmpty()) {
            throw new IllegalStateException("rules activation lock row missing: the schema was not migrated");
        }
    }

    /** Records an activation and keeps the version's files; call under {@link #lock}. */
    public Activation record(String version, Map<String, String> files, Instant at, String by, FilesChanged changed) {
        Long max = activations.findMaxId();
        long id = max == null ? 1 : max + 1;
        activations.save(new ActivationRow(id, version, at, by, CanonicalJson.write(changed.asMap())));
        if (files(version).isEmpty()) {
            versionFiles.saveAll(new TreeMap<>(files).entrySet().stream()
                    .map(file -> new VersionFileRow(new VersionFileRow.Key(version, file.getKey()), file.getValue()))
                    .toList());
        }
        return new Activation(id, version, at, by, changed);
    }

    public Optional<Activation> latest() {
        return activations.findFirstOrderByIdDesc().map(RulesActivationStore::activation);
    }

    /** Every activation, newest first. */
    public List<Activation> history() {
        return activations.listOrderByIdDesc().stream().map(RulesActivationStore::activation).toList();
    }

    public void recordAttempt(Instant at, String by, String action, String candidateVersion, String result, String reason) {
        attempts.save(new AttemptRow(null, at, by.length() > MAX_BY ? by.substring(0, MAX_BY) : by, action, candidateVersion, result,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason));
    }

    /** The newest {@code limit} attempts, newest first. */
    public List<Attempt> attempts(int limit) {
        return attempts.list(Pageable.from(0, limit, Sort.of(Sort.Order.desc("id")))).stream()
                .map(a -> new Attempt(a.id(), a.attemptedAt(), a.attemptedBy(), a.action(), a.candidateVersion(), a.result(), a.reason()))
                .toList();
    }

    public boolean wasActivated(String version) {
        return activations.existsByVersion(version);
    }

    /** The files of a version that was activated once; empty when none are stored. */
    public SortedMap<String, String> files(String version) {
        SortedMap<String, String> files = new TreeMap<>();
        versionFiles.findByKeyVersion(version).forEach(f -> files.put(f.key().path(), f.content()));
        return files;
    }

    private static Activation activation(ActivationRow row) {
        return new Activation(row.id(), row.version(), row.activatedAt(), row.activatedBy(), FilesChanged.parse(row.filesChanged()));
    }

    /** The files a version added, changed and removed against the version it replaced. */
    public record FilesChanged(List<String> added, List<String> changed, List<String> removed) {

        public static FilesChanged between(Map<String, String> before, Map<String, String> after) {
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            new TreeMap<>(after).forEach((path, text) -> {
                if (!before.containsKey(path)) {
                    added.add(path);
                } else if (!before.get(path).equals(text)) {
                    changed.add(path);
                }
            });
            new TreeMap<>(before).keySet().stream().filter(p -> !after.containsKey(p)).forEach(removed::add);
            return new FilesChanged(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
        }

        public boolean none() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        Map<String, Object> asMap() {
            return Map.of("added", added, "changed", changed, "removed", removed);
        }

        static FilesChanged parse(String json) {
            try {
                Map<String, List<String>> m = JSON.readValue(json, Argument.mapOf(Argument.STRING, Argument.listOf(String.class)));
                return new FilesChanged(m.getOrDefault("added", List.of()), m.getOrDefault("changed", List.of()),
                        m.getOrDefault("removed", List.of()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
