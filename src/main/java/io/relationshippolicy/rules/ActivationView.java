package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One activation of a rules version: which, when, by whom, and which files changed. */
@Serdeable
public record ActivationView(long id, String version, Instant activatedAt, String activatedBy, FilesView filesChanged) {

    static ActivationView of(RulesActivationStore.Activation a) {
        return new ActivationView(a.id(), a.version(), a.activatedAt(), a.activatedBy(), FilesView.of(a.filesChanged()));
    }
}
