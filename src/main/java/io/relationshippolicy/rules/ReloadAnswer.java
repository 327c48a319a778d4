package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The rules version in service after a reload, whether it changed, when, and which files changed. */
@Serdeable
public record ReloadAnswer(String version, boolean changed, Instant activatedAt, FilesView filesChanged) {

    static ReloadAnswer of(RulesWorkflow.Activated a) {
        return new ReloadAnswer(a.version(), a.changed(), a.activatedAt(), FilesView.of(a.filesChanged()));
    }
}
