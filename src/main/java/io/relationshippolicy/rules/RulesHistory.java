package io.relationshippolicy.rules;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Every activation, newest first, and ({@code attempts}) the newest validations and reloads, whatever came of them. */
@Serdeable
public record RulesHistory(List<ActivationView> activations, List<AttemptView> attempts) {
}
