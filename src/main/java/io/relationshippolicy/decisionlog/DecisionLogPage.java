package io.relationshippolicy.decisionlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** One page of decision-log entries, newest first, and the cursor of the next page (null on the last). */
@Serdeable
public record DecisionLogPage(List<Map<String, Object>> entries, @Nullable String nextCursor) {
}
