package io.relationshippolicy.relationship;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;

import java.util.List;

/** The partner's request link and email, with the decision that issued them (C4, C5). */
@Serdeable
public record LinkAnswer(@JsonUnwrapped DecisionView decision, String link, Email email) {

    /** The email's paragraphs; those in {@code editableParagraphs} may be edited or deleted, the link's may not. */
    @Serdeable
    public record Email(List<String> paragraphs, List<Integer> editableParagraphs) {
    }
}
