package io.relationshippolicy.rules;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads SnakeYAML's node tree rather than plain maps, so that every complaint about a scenario file can
 * name the line to fix. Unknown keys are errors: a misspelt {@code want} field must not pass silently.
 */
final class YamlNodes {

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    ScenarioFileException error(Node node, String problem) {
        return new ScenarioFileException(file, line(node), problem);
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The entries of a mapping in file order; keys must be scalars and unique, and belong to {@code allowed} when given. */
    Map<String, Node> map(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping (key: value lines)");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key in " + what);
            if (allowed != null && !allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected one of " + allowed);
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return entries;
    }

    List<Node> list(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        throw error(node, what + " must be a list ([a, b] or lines starting with '-')");
    }

    List<String> scalars(Node node, String what) {
        List<String> values = new ArrayList<>();
        for (Node item : list(node, what)) {
            values.add(scalar(item, "an entry of " + what));
        }
        return values;
    }

    String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().trim();
        }
        throw error(node, what + " must be a single value");
    }

    /** A scalar, or null for an explicit YAML null ({@code ~}, {@code null} or nothing). */
    String nullableScalar(Node node, String what) {
        String value = scalar(node, what);
        return value.isEmpty() || value.equals("~") || value.equals("null") ? null : value;
    }

    boolean bool(Node node, String what) {
        String value = scalar(node, what);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(node, what + " must be true or false, not '" + value + "'");
        };
    }

    <E extends Enum<E>> E enumValue(Node node, Class<E> type, String what) {
        String value = scalar(node, what);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw error(node, what + " must be one of " + List.of(type.getEnumConstants()) + ", not '" + value + "'");
    }
}
