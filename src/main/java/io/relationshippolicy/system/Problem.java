package io.relationshippolicy.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem detail: {@code title} says what went wrong, {@code detail} says how to fix it.
 * {@code errors} lists individual field problems when there are several.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail,
                      @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Serdeable
    public record FieldError(@Nullable String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }
}
