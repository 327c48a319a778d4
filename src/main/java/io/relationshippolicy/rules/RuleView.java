package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.policy.RuleRef;

/** One rule in service: its id, name, file and clause. */
@Serdeable
public record RuleView(String id, String name, String file, String clause) {

    static RuleView of(RuleRef r) {
        return new RuleView(r.id(), r.name(), r.file(), r.clause());
    }
}
