package dogdorm.dealer.http;

import java.io.EOFException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/**
 * A request the client got wrong in a way only found while a handler read it, told apart from a fault of the
 * dealer: a body that ended before its {@code Content-Length} (or a broken chunked body), a body that stopped
 * coming, a connection closed before its answer was written, a {@code %} in the path or a form not followed by two
 * hex digits ({@code %u0041}). Such a request is answered with {@link #status} and {@link #message} (when the
 * connection still takes one), and is {@link #kind one kind} for the log, never a 500.
 *
 * @param kind    what went wrong, in a few words: the log says it once a minute at most
 * @param status  400, or 408 for a body that stopped coming
 * @param message what the client is told
 */
record Malformed(String kind, int status, String message) {

    /** What the client got wrong in {@code e} (or its causes), or null when it is a fault of the dealer. */
    static Malformed of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new Malformed("body too slow", 408, "the request body stopped coming before it was complete");
            }
            if (t instanceof EOFException && t instanceof HttpException) { // Jetty's, reading a request
                return new Malformed("body cut short", 400, "the request body ended early: shorter than its "
                        + "Content-Length, or its chunked encoding broke off");
            }
            if (t instanceof EOFException) {
                return new Malformed("connection closed early", 400, "the connection closed before the request "
                        + "was read or answered");
            }
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return new Malformed("bad body", h.getCode(), "the request body cannot be read: "
                        + (h.getReason() == null ? "malformed" : h.getReason()));
            }
            if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("URLDecoder:")) {
                String where = decodingPath(t) ? "the path" : "a form field or query parameter";
                return new Malformed("bad percent-encoding", 400, where + " has a '%' not followed by two hex digits "
                        + "(write a '%' as %25; %uXXXX is not URL encoding)");
            }
        }
        return null;
    }

    /** Whether the decoding failed while the route's path parameters were read (else a form or query). */
    private static boolean decodingPath(Throwable t) {
        for (StackTraceElement s : t.getStackTrace()) {
            if (s.getClassName().endsWith(".PathParser")) {
                return true;
            }
        }
        return false;
    }
}
