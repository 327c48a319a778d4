package io.relationshippolicy.decisionlog;

import java.time.Instant;

/** Where a decision landed in the log: its id, its place in the chain, when it was taken. */
public record LoggedDecision(String decisionId, long sequence, Instant decidedAt, String hash) {
}
