package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The outcome of validating a candidate: whether it compiles and may be activated, its errors, scenarios and impact. */
@Serdeable
public record ValidationView(boolean compiles, boolean activatable, String version, String activeVersion, FilesView files,
                             List<RuleFileErrorView> errors, ScenariosView scenarios, ImpactView impact) {
}
