package io.relationshippolicy.system;

/** Makes caller-supplied text safe for one service-log line: no line breaks or control characters, bounded length. */
public final class Logs {

    private Logs() {
    }

    public static String safe(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char ch = text.charAt(i);
            out.append(Character.isISOControl(ch) ? '?' : ch);
        }
        if (text.length() > 200) {
            out.append("...");
        }
        return out.toString();
    }
}
