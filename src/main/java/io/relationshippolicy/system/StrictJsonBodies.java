package io.relationshippolicy.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteMatch;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a JSON body is acceptable, for every route, before it is bound.
 * The binder alone coerces: {@code "true"}, {@code 2} or {@code [true]} would become {@code true},
 * {@code ["P-CONTOSO"]} or {@code 1} a string. Here each value must have the JSON type of the body
 * record's component (a string for text and enums, {@code true}/{@code false} for booleans, an integer
 * for whole numbers, an array for lists, an object for maps and records; {@code null} where the component
 * is not primitive); an object may not name a key twice, and nothing but white space may follow the
 * value. Anything else is answered 400 problem+json naming the field and the type expected, before the
 * controller runs, so nothing is decided, logged or changed. Unknown keys are ignored, as the binder does.
 * Malformed JSON for a body is left to the binder, whose answer says what the parser met; a route that reads
 * no body still refuses a JSON body that is malformed, names a key twice or holds more than one value.
 */
@ServerFilter("/api/**")
public class StrictJsonBodies implements Ordered {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** A body that parses but breaks the rules above; the message names the field. */
    private static final class Refused extends Exception {
        private final String field;

        Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request, @Nullable RouteMatch<?> route, @Nullable @Body byte[] body) {
        if (route == null || body == null || body.length == 0 || !json(request)) {
            return null;
        }
        // a route that reads no body still gets no JSON it would half understand (two keys, two values)
        Class<?> type = route.getRouteInfo().getFullRequestBodyType().map(Argument::getType).filter(Class::isRecord).orElse(null);
        try (JsonParser parser = JSON.createParser(new String(body, request.getCharacterEncoding()))) {
            if (parser.nextToken() == null) {
                return null;
            }
            if (type == null) {
                anything(parser, "");
            } else {
                value(parser, type, "");
            }
            if (!trailingContentAbsent(parser)) {
                return refuse(null, "The body holds more than one JSON value: remove what follows the first one.", type);
            }
            return null;
        } catch (Refused refused) {
            return refuse(refused.field, refused.getMessage(), type);
        } catch (JsonProcessingException malformed) {
            if (type != null) {
                // the binder answers malformed JSON for its body with what its parser met
                return null;
            }
            return refuse(null, "The body is not well-formed JSON (" + Logs.safe(malformed.getOriginalMessage())
                    + "). Send a well-formed JSON value, or no body.", null);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static boolean trailingContentAbsent(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException garbage) {
            return false;
        }
    }

    private static HttpResponse<Problem> refuse(@Nullable String field, String message, @Nullable Class<?> type) {
        String detail = type == null ? message : message + " Expected: " + JsonShapes.describe(type) + ".";
        List<Problem.FieldError> errors = field == null ? null : List.of(new Problem.FieldError(field, message));
        return HttpResponse.<Problem>badRequest(new Problem("about:blank", "Invalid body", 400, detail, errors))
                .contentType(Problem.MEDIA_TYPE);
    }

    private static boolean json(HttpRequest<?> request) {
        Optional<MediaType> contentType = request.getContentType();
        if (contentType.isEmpty()) {
            return true;
        }
        String subtype = contentType.get().getSubtype();
        return subtype.equalsIgnoreCase("json") || subtype.toLowerCase().endsWith("+json");
    }

    /** Checks the value at the parser's current token against {@code type}, leaving the parser on its last token. */
    private static void value(JsonParser p, Type type, String path) throws IOException, Refused {
        JsonToken token = p.currentToken();
        Class<?> raw = raw(type);
        if (token == JsonToken.VALUE_NULL) {
            if (raw.isPrimitive()) {
                throw wrongType(p, type, path);
            }
            return;
        }
        if (raw == String.class || raw.isEnum() || raw == CharSequence.class) {
            expect(p, token == JsonToken.VALUE_STRING, type, path);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expect(p, token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, type, path);
        } else if (integral(raw)) {
            expect(p, token == JsonToken.VALUE_NUMBER_INT, type, path);
        } else if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            expect(p, token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT, type, path);
        } else if (Collection.class.isAssignableFrom(raw)) {
            expect(p, token == JsonToken.START_ARRAY, type, path);
            Type element = typeArgument(type, 0);
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, element, path + "[" + index++ + "]");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            expect(p, token == JsonToken.START_OBJECT, type, path);
            Type valueType = typeArgument(type, 1);
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String keyPath = join(path, key);
                duplicate(seen, key, keyPath);
                p.nextToken();
                value(p, valueType, keyPath);
            }
        } else if (raw.isRecord()) {
            expect(p, token == JsonToken.START_OBJECT, type, path);
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String keyPath = join(path, key);
                duplicate(seen, key, keyPath);
                p.nextToken();
                Type component = component(raw, key);
                if (component == null) {
                    anything(p, keyPath);
                } else {
                    value(p, component, keyPath);
                }
            }
        } else {
            anything(p, path);
        }
    }

    /** Any JSON value (a key the body does not know, an untyped field): still no key twice in any object. */
    private static void anything(JsonParser p, String path) throws IOException, Refused {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                duplicate(seen, key, join(path, key));
                p.nextToken();
                anything(p, join(path, key));
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                anything(p, path + "[" + index++ + "]");
            }
        }
    }

    private static void duplicate(Set<String> seen, String key, String path) throws Refused {
        if (!seen.add(key)) {
            throw new Refused(path, "'" + Logs.safe(path) + "' appears twice in the same object: send each key once.");
        }
    }

    private static void expect(JsonParser p, boolean ok, Type type, String path) throws Refused {
        if (!ok) {
            throw wrongType(p, type, path);
        }
    }

    private static Refused wrongType(JsonParser p, Type type, String path) {
        String found = switch (p.currentToken()) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "another value";
        };
        String expected = article(JsonShapes.kind(type));
        if (path.isEmpty()) {
            return new Refused(null, "The body has " + found + " where " + expected + " is expected.");
        }
        return new Refused(path, "'" + Logs.safe(path) + "' has " + found + " where " + expected + " is expected: send "
                + expected + ".");
    }

    private static String article(String kind) {
        if (kind.equals("string")) {
            return "a string";
        }
        if (kind.equals("number")) {
            return "a whole number";
        }
        if (kind.startsWith("[")) {
            return "an array";
        }
        if (kind.startsWith("{") || kind.equals("object")) {
            return "an object";
        }
        return kind;
    }

    private static boolean integral(Class<?> c) {
        return c == Integer.class || c == int.class || c == Long.class || c == long.class || c == Short.class || c == short.class
                || c == Byte.class || c == byte.class || c == BigInteger.class;
    }

    @Nullable
    private static Type component(Class<?> record, String name) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getGenericType();
            }
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof WildcardType wildcard && wildcard.getUpperBounds().length == 1) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
            return parameterized.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public int getOrder() {
        // after security: a caller without a valid token or role learns nothing about bodies
        return ServerFilterPhase.SECURITY.after();
    }
}
