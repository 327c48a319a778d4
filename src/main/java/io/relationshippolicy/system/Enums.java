package io.relationshippolicy.system;

import java.util.Arrays;

/** Parses an enum value from a request with an error that lists the accepted values. */
public final class Enums {

    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required; one of " + Arrays.toString(type.getEnumConstants()) + ".");
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ProblemException.badRequest("'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants())
                + ", not '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'.");
    }
}
