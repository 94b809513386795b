package dogdorm.dealer.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads a JSON request body into a record, turning every problem into a 400 that names the field. */
public final class JsonBody {
    /** "lease: ...", "results[0].up: ...": a message that starts with the field it is about. */
    private static final Pattern NAMES_A_FIELD = Pattern.compile("[A-Za-z_]\\w*(\\[\\d+])?(\\.\\w+)*: ");
    /** Jackson's "(start marker at [Source: ...])" tail, which says nothing the line and column do not. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(start marker at \\[Source:.*$", Pattern.DOTALL);
    private final ObjectMapper json;

    /** @param json the request mapper, {@link dogdorm.common.Json#newStrictMapper()} */
    public JsonBody(ObjectMapper json) {
        this.json = json;
    }

    /** The body as a {@code type}; fields it does not know are ignored (workers of a newer version may add some). */
    public <T> T read(Context ctx, Class<T> type) {
        return read(ctx, json.readerFor(type));
    }

    /** The body as a {@code type}, refusing fields it does not know: for people's requests, where one is a typo. */
    public <T> T readStrict(Context ctx, Class<T> type) {
        return read(ctx, json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    private <T> T read(Context ctx, ObjectReader reader) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiError.badRequest("request body is empty: expected a JSON object");
        }
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw ApiError.badRequest("request body is null: expected a JSON object");
            }
            return value;
        } catch (JsonParseException e) {
            throw ApiError.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + SOURCE.matcher(e.getOriginalMessage()).replaceAll(""));
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(describe(e));
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /** "results[2].up: missing", "max: 0 is outside 1..1000", "families[0]: expected a number". */
    static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : " (known: " + u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            // the path ends with the unknown field itself: say where it was, then name it
            String at = path.endsWith(u.getPropertyName())
                    ? path.substring(0, path.length() - u.getPropertyName().length()).replaceAll("\\.$", "") : path;
            return (at.isEmpty() ? "" : at + ": ") + "unknown field '" + u.getPropertyName() + "'" + known;
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            // a record names its own field ("lease: missing"): join it to the path with a dot; a value's
            // parser does not ("unknown kind 'x'"): it follows the path after a colon
            String why = v.getCause().getMessage();
            return path.isEmpty() ? why : path + (NAMES_A_FIELD.matcher(why).lookingAt() ? "." : ": ") + why;
        }
        if (e instanceof InvalidFormatException f) {
            return (path.isEmpty() ? "body" : path) + ": " + quote(f.getValue()) + " is not "
                    + article(f.getTargetType().getSimpleName()) + explain(f);
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Trailing token")) {
            return "request body: more follows the JSON object";
        }
        if (e instanceof MismatchedInputException m && path.isEmpty() && m.getTargetType() != null
                && m.getTargetType().isRecord()) {
            return "request body: expected a JSON object";
        }
        if (e instanceof MismatchedInputException m) {
            String want = m.getTargetType() == null ? "a different type" : article(m.getTargetType().getSimpleName());
            return (path.isEmpty() ? "body" : path) + ": wrong type, expected " + want;
        }
        String msg = e.getOriginalMessage();
        return (path.isEmpty() ? "" : path + ": ") + msg;
    }

    private static String explain(InvalidFormatException f) {
        Throwable c = f.getCause();
        return c != null && c.getMessage() != null ? " (" + c.getMessage() + ")" : "";
    }

    private static String quote(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String article(String type) {
        return switch (type) {
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "ArrayList", "Set", "HashSet", "LinkedHashSet" -> "a list";
            case "Map", "HashMap", "LinkedHashMap", "TreeMap" -> "an object";
            default -> "a valid " + type;
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (b.length() > 0) b.append('.');
                b.append(r.getFieldName());
            }
        }
        return b.toString();
    }
}
