package io.relationshippolicy.decisionlog;

import java.util.List;
import java.util.Map;

/** JSON indented for people to read (the console shows a logged input this way); the log itself keeps canonical JSON. */
final class PrettyJson {

    private PrettyJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                out.append(i++ == 0 ? "\n" : ",\n");
                indent(out, depth + 1);
                CanonicalJson.string(out, String.valueOf(member.getKey()));
                out.append(": ");
                write(out, member.getValue(), depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n");
                indent(out, depth + 1);
                write(out, list.get(i), depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append(']');
        } else {
            CanonicalJson.write(out, value);
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }
}
