package io.relationshippolicy.system;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/** Describes the JSON a request body record expects, for error details: {@code {"link": string, "services": [string]}}. */
final class JsonShapes {

    private JsonShapes() {
    }

    static String describe(Class<?> type) {
        if (!type.isRecord()) {
            return "";
        }
        StringJoiner fields = new StringJoiner(", ", "{", "}");
        for (RecordComponent component : type.getRecordComponents()) {
            fields.add("\"" + component.getName() + "\": " + kind(component.getGenericType()));
        }
        return fields.toString();
    }

    static String kind(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw)) {
                return "[" + kind(parameterized.getActualTypeArguments()[0]) + "]";
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "{string: " + kind(parameterized.getActualTypeArguments()[1]) + "}";
            }
            return "object";
        }
        if (!(type instanceof Class<?> c)) {
            return "value";
        }
        if (c == String.class || c.isEnum()) {
            return "string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(c) || (c.isPrimitive() && c != char.class)) {
            return "number";
        }
        if (c.isRecord()) {
            return describe(c);
        }
        return "object";
    }
}
