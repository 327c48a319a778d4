package io.relationshippolicy.system;

/**
 * Free text from a request (names, an email body, a link). It is stored and hashed into the decision log,
 * so it must survive every supported database unchanged: no NUL or other control characters (tab and line
 * breaks aside) and no broken UTF-16 surrogate pairs, which PostgreSQL would refuse or alter.
 */
public final class Texts {

    private Texts() {
    }

    /** A non-blank text: see {@link #check}. */
    public static String require(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required.");
        }
        return check(field, value, maxLength);
    }

    /** A text of at most {@code maxLength} characters that every supported database stores unchanged. */
    public static String check(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw ProblemException.badRequest("'" + field + "' is longer than " + maxLength + " characters: shorten it.");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isISOControl(ch) && ch != '\t' && ch != '\n' && ch != '\r') {
                throw ProblemException.badRequest("'" + field + "' contains a control character (code " + (int) ch
                        + ") at position " + i + ": remove it.");
            }
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw ProblemException.badRequest("'" + field + "' contains a broken Unicode character at position " + i
                        + ": send valid UTF-8 text.");
            }
        }
        return value;
    }
}
