package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A receiver's settings: what is refused (naming the field, never quoting a secret) and how secrets are shown. */
class ReceiverTest {
    private static final String SLACK = "https://hooks.slack.com/services/T0123/B0456/abcdefghijklmnopqrstWXYZ";

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static EmailSettings email(String host, int port, String user, String password, String from,
                                       List<String> to) {
        return new EmailSettings(host, port, true, user, password, from, to);
    }

    @Test
    void a_webhook_url_is_shown_as_its_host_and_last_four_characters_only_when_long() {
        assertEquals("https://hooks.slack.com/…/WXYZ", Secrets.maskUrl(SLACK));
        assertEquals("https://ntfy.sh/…", Secrets.maskUrl("https://ntfy.sh/my-topic"), "a short path is all secret");
        assertEquals("http://127.0.0.1:8080/…", Secrets.maskUrl("http://127.0.0.1:8080/hook?t=1"));
        assertEquals("https://example.org/", Secrets.maskUrl("https://user:pw@example.org/"), "no user or password");
        Receiver r = new Receiver(4, "ops", ReceiverKind.SLACK, SLACK, null, null, Instant.EPOCH);
        assertFalse(r.toString().contains("abcdefghijklmnopqrst"), r.toString());
        assertEquals("slack https://hooks.slack.com/…/WXYZ", r.where());
    }

    @Test
    void a_bad_url_is_refused_without_being_quoted() {
        String m = refused(() -> new Receiver(0, "x", ReceiverKind.DISCORD, "ftp://discord.example/secret-token",
                null, null, null));
        assertTrue(m.startsWith("url: not an http:// or https:// URL"), m);
        assertFalse(m.contains("secret-token"), m);
        assertTrue(refused(() -> new Receiver(0, "x", ReceiverKind.JSON, "https://hooks.slack.com/…/WXYZ", null,
                null, null)).startsWith("url: this is the masked URL"));
        assertEquals("url: missing", refused(() -> new Receiver(0, "x", ReceiverKind.NTFY, " ", null, null, null)));
        assertEquals("url: only for webhooks (kind email sends over SMTP)", refused(() -> new Receiver(0, "x",
                ReceiverKind.EMAIL, SLACK, email("smtp.example.org", 587, null, null, "a@example.org",
                List.of("b@example.org")), null, null)));
        assertEquals("email: missing (host, from and to at least)", refused(() -> new Receiver(0, "x",
                ReceiverKind.EMAIL, null, null, null, null)));
        assertEquals("name: missing", refused(() -> new Receiver(0, " ", ReceiverKind.JSON, SLACK, null, null, null)));
    }

    @Test
    void an_unknown_kind_is_refused_with_the_kinds_there_are() {
        assertEquals("kind: 'teams' is not one of json, slack, discord, ntfy, email",
                refused(() -> ReceiverKind.parse("teams")));
        assertEquals(ReceiverKind.NTFY, ReceiverKind.parse(" NTFY "));
    }

    @Test
    void e_mail_settings_refuse_bad_addresses_ports_and_a_password_without_a_user() {
        List<String> to = List.of("ops@example.org");
        assertEquals("email.port: 70000 is outside 1..65535", refused(() -> email("smtp.example.org", 70000, null, null,
                "a@example.org", to)));
        assertEquals("email.port: 0 is outside 1..65535", refused(() -> email("smtp.example.org", 0, null, null,
                "a@example.org", to)));
        assertEquals("email.from: 'not an address' is not an e-mail address such as ops@example.com",
                refused(() -> email("smtp.example.org", 25, null, null, "not an address", to)));
        assertEquals("email.to[1]: 'ops@@example.org' is not an e-mail address such as ops@example.com",
                refused(() -> email("smtp.example.org", 25, null, null, "a@example.org",
                        List.of("b@example.org", "ops@@example.org"))));
        assertEquals("email.to: missing (one address or more)", refused(() -> email("smtp.example.org", 25, null,
                null, "a@example.org", List.of())));
        assertEquals("email.host: 'smtp example' is not a host name or address", refused(() -> email("smtp example",
                25, null, null, "a@example.org", to)));
        String m = refused(() -> email("smtp.example.org", 25, null, "s3cret-pass", "a@example.org", to));
        assertEquals("email.password: given without email.user", m);
        EmailSettings ok = email("smtp.example.org", 587, "bot", "s3cret-pass", "a@example.org", to);
        assertTrue(ok.hasPassword());
        assertFalse(ok.toString().contains("s3cret-pass"), ok.toString());
    }

    @Test
    void a_secret_is_scrubbed_from_a_message_as_given_and_base64_encoded() {
        assertEquals("535 bad login for … (…)", Secrets.scrub("535 bad login for hunter2 (aHVudGVyMg==)", "hunter2"));
        assertEquals("nothing", Secrets.scrub("nothing", (String) null));
    }
}
