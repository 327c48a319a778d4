package io.relationshippolicy.rules;

import io.micronaut.context.annotation.Value;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The change workspace's candidates between requests: one draft per signed-in person (session subject), held
 * in this instance's memory. A draft is an overlay over the active files, as {@code POST /api/v1/rules/validate}
 * takes it (a path with text adds or replaces that file; a path with empty text deletes it), and the outcome of
 * its last validation. Drafts are bounded: at most {@code policy.rules.drafts.max} of them (the least recently
 * used goes first) and at most the rule folder's 4 MB of text each. A restart or another instance starts from
 * the active files again: a draft is a scratch pad, the rules folder and the activations stay the record.
 */
@Singleton
public class RuleDrafts {

    static final int MAX_DRAFT_CHARS = 4 * 1024 * 1024;

    /** What the last validation of the draft found, kept for the activation's confirmation. */
    public record Validated(String version, boolean activatable, int replayed, int unchanged, int allowToDeny, int denyToAllow,
                            int codesChanged) {

        /** The counts of a validation: how many replayed decisions stay, flip either way, or keep the outcome with other codes. */
        public static Validated of(ValidationView validation) {
            int allowToDeny = 0;
            int denyToAllow = 0;
            int codes = 0;
            for (ChangedDecisionView change : validation.impact().changed()) {
                if (change.before().outcome() == change.after().outcome()) {
                    codes++;
                } else if (change.after().outcome() == io.relationshippolicy.policy.Outcome.DENY) {
                    allowToDeny++;
                } else {
                    denyToAllow++;
                }
            }
            int replayed = validation.impact().replayed();
            return new Validated(validation.version(), validation.activatable(), replayed, replayed - validation.impact().changed().size(),
                    allowToDeny, denyToAllow, codes);
        }
    }

    /** A person's candidate: the changed files over the active version, and its last validation (null when none, or edited since). */
    public record Draft(SortedMap<String, String> overlay, Validated validated) {
        public Draft {
            overlay = Collections.unmodifiableSortedMap(new TreeMap<>(overlay));
        }

        public boolean empty() {
            return overlay.isEmpty();
        }
    }

    private final int max;
    private final Map<String, Draft> drafts;

    public RuleDrafts(@Value("${policy.rules.drafts.max:64}") int max) {
        this.max = max;
        this.drafts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Draft> eldest) {
                return size() > RuleDrafts.this.max;
            }
        };
    }

    public synchronized Draft of(String owner) {
        return Optional.ofNullable(drafts.get(owner)).orElse(new Draft(new TreeMap<>(), null));
    }

    /** Puts {@code text} as the draft's {@code path} (empty text: the file is deleted); the last validation no longer holds. */
    public synchronized Draft put(String owner, String path, String text, Map<String, String> active) {
        SortedMap<String, String> overlay = new TreeMap<>(of(owner).overlay());
        String normalised = text == null ? "" : text.replace("\r\n", "\n");
        if (normalised.equals(active.get(path)) || (normalised.isEmpty() && !active.containsKey(path))) {
            overlay.remove(path);
        } else {
            overlay.put(path, normalised);
        }
        long size = overlay.values().stream().mapToLong(String::length).sum();
        if (size > MAX_DRAFT_CHARS) {
            throw ProblemException.badRequest("The changed files come to " + size + " characters, over the 4 MB a rules folder may hold: "
                    + "change fewer or smaller files.");
        }
        RulesWorkflow.overlay(active, overlay); // refuses a path outside the rules folder, as validate does
        Draft draft = new Draft(overlay, null);
        drafts.put(owner, draft);
        return draft;
    }

    public synchronized void validated(String owner, Draft draft, Validated validated) {
        if (of(owner).overlay().equals(draft.overlay())) {
            drafts.put(owner, new Draft(draft.overlay(), validated));
        }
    }

    public synchronized void discard(String owner) {
        drafts.remove(owner);
    }
}
