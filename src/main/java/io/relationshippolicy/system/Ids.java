package io.relationshippolicy.system;

import java.util.regex.Pattern;

/** Ids of partners, customers and subscriptions: 1 to 64 of A-Z a-z 0-9 . _ - */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ids() {
    }

    public static String require(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ProblemException.badRequest("The " + what + " id '" + abbreviate(id) + "' is not valid: use 1 to 64 characters among A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static String abbreviate(String id) {
        if (id == null) {
            return "";
        }
        return id.length() > 70 ? id.substring(0, 64) + "..." : id;
    }
}
