package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

class MalformedTest {
    /** What Jetty throws when a request's body ends early: an end of file that is an HTTP error (its own is private). */
    private static final class EarlyEof extends EofException implements HttpException {
        EarlyEof() {
            super("Early EOF");
        }

        @Override
        public int getCode() {
            return 400;
        }

        @Override
        public String getReason() {
            return "Early EOF";
        }
    }

    @Test
    void a_body_that_ended_early_is_a_400() {
        Malformed m = Malformed.of(new EarlyEof());
        assertEquals("body cut short", m.kind());
        assertEquals(400, m.status());
        Malformed wrapped = Malformed.of(new UncheckedIOException(new EarlyEof()));
        assertEquals(m, wrapped, "found among the causes");
    }

    @Test
    void a_connection_closed_while_the_answer_is_written_is_the_clients_not_a_cut_body() {
        Malformed m = Malformed.of(new UncheckedIOException(new EofException("Closed")));
        assertEquals("connection closed early", m.kind());
    }

    @Test
    void a_body_that_stopped_coming_is_a_408() {
        Malformed m = Malformed.of(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")));
        assertEquals(new Malformed("body too slow", 408, "the request body stopped coming before it was complete"),
                m);
    }

    @Test
    void a_broken_chunked_body_is_jettys_own_status_with_its_reason() {
        Malformed m = Malformed.of(new BadMessageException("Bad chunking"));
        assertEquals(400, m.status());
        assertEquals("the request body cannot be read: Bad chunking", m.message());
    }

    @Test
    void a_percent_not_followed_by_two_hex_digits_is_a_400_naming_where() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> URLDecoder.decode("%u0041", StandardCharsets.UTF_8));
        Malformed m = Malformed.of(e);
        assertEquals("bad percent-encoding", m.kind());
        assertEquals(400, m.status());
        assertEquals("a form field or query parameter has a '%' not followed by two hex digits (write a '%' as %25; "
                + "%uXXXX is not URL encoding)", m.message(), "thrown outside the path parser");
    }

    @Test
    void a_fault_of_the_dealer_is_not_the_clients() {
        assertNull(Malformed.of(new NullPointerException("x")));
        assertNull(Malformed.of(new IllegalArgumentException("bad id")));
        assertNull(Malformed.of(new IllegalStateException(new IOException("disk"))));
    }
}
