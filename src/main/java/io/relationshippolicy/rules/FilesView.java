package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.rules.RulesActivationStore.FilesChanged;

import java.util.List;

/** The rule files a version added, changed and removed against the one before. */
@Serdeable
public record FilesView(List<String> added, List<String> changed, List<String> removed) {

    static FilesView of(FilesChanged f) {
        return new FilesView(f.added(), f.changed(), f.removed());
    }
}
