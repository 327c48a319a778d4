package io.relationshippolicy.relationship;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.relationshippolicy.decisionlog.DecisionView;

import java.util.List;
import java.util.Locale;

/** An acceptance decision with the partner the link named and what each service got. */
@Serdeable
public record AcceptanceAnswer(@JsonUnwrapped DecisionView decision, @Nullable String partnerId, List<String> grantedServices,
                               List<DeniedServiceView> deniedServices) {

    @Serdeable
    public record DeniedServiceView(String service, List<DecisionView.ReasonView> reasons) {
    }

    static AcceptanceAnswer of(Logged<Acceptance> accepted, Locale locale) {
        Acceptance acceptance = accepted.result();
        List<DeniedServiceView> denied = acceptance.deniedServices().stream()
                .map(d -> new DeniedServiceView(d.service(), DecisionView.reasons(d.reasons(), locale))).toList();
        return new AcceptanceAnswer(DecisionView.of(accepted.decision(), accepted.entry(), locale), acceptance.partnerId(),
                acceptance.grantedServices(), denied);
    }
}
