package dogdorm.dealer.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;

/** Reads a JSON request body into a record, turning every problem into a 400 that names the field. */
public final class JsonBody {
    private final ObjectMapper json;

    public JsonBody(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiError.badRequest("request body is empty: expected a JSON object");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw ApiError.badRequest("request body is null: expected a JSON object");
            }
            return value;
        } catch (JsonParseException e) {
            throw ApiError.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(describe(e));
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /** "results[2].up: missing", "max: 0 is outside 1..1000", "families[0]: expected a number". */
    static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            String why = v.getCause().getMessage();
            return path.isEmpty() ? why : path + "." + why;
        }
        if (e instanceof InvalidFormatException f) {
            return (path.isEmpty() ? "body" : path) + ": " + quote(f.getValue()) + " is not "
                    + article(f.getTargetType().getSimpleName()) + explain(f);
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
            case "List" -> "a list";
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
