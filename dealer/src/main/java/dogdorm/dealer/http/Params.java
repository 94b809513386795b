package dogdorm.dealer.http;

import io.javalin.http.Context;

/** Path and query parameters read the one way: a 400 naming the parameter and the value when one is wrong. */
final class Params {
    private Params() {}

    /** The {@code {id}} in the path, e.g. {@code /targets/{id}}; {@code noun} names what it is an id of. */
    static long pathId(Context ctx, String noun) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: '" + raw + "' is not a " + noun + " id");
        }
    }

    /** An optional id in the query, e.g. {@code ?target=12}; null when absent or blank. */
    static Long queryId(Context ctx, String name, String noun) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": '" + raw + "' is not a " + noun + " id");
        }
    }

    /** A time like {@code 2026-12-05T10:00:00Z}, or null when absent or blank. */
    static java.time.Instant instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(v.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiError.badRequest(name + ": '" + v + "' is not a time like 2026-12-05T10:00:00Z");
        }
    }

    /** A whole number in {@code min..max}, or {@code dflt} when absent or blank. */
    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw ApiError.badRequest(name + ": " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": '" + v + "' is not a whole number");
        }
    }
}
