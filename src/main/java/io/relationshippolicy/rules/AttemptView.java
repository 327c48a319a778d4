package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One validate or reload attempt: who, when, the candidate's content hash, the result and why. */
@Serdeable
public record AttemptView(long id, Instant attemptedAt, String attemptedBy, String action, String candidateVersion, String result,
                          String reason) {

    static AttemptView of(RulesActivationStore.Attempt a) {
        return new AttemptView(a.id(), a.attemptedAt(), a.attemptedBy(), a.action(), a.candidateVersion(), a.result(), a.reason());
    }
}
