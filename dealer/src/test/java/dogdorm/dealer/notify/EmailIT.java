package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.SmtpReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** E-mail receivers against a real (tiny) SMTP server on loopback. */
class EmailIT {
    private static final String PASSWORD = "pa55-w0rd-never-shown";
    private static final Event DOWN = new Event(41, "target.down", Instant.parse("2026-11-22T10:00:00Z"),
            "tcp shop.example.org (203.0.113.10:443) is down: connection refused",
            Map.of("target", 7, "kind", "tcp", "name", "shop.example.org"));

    private SmtpReceiver smtp;
    private Email email;

    @AfterEach
    void stop() throws Exception {
        if (email != null) email.close();
        if (smtp != null) smtp.close();
    }

    private Email email(boolean starttls, String user, String password) {
        email = new Email(new EmailSettings("127.0.0.1", smtp.port(), starttls, user, password,
                "dogdorm@example.org", List.of("ops@example.org", "oncall@example.org")), Duration.ofSeconds(5), 100,
                2, Duration.ofMillis(50));
        return email;
    }

    @Test
    void an_event_is_one_plain_text_message_to_every_recipient() throws Exception {
        smtp = SmtpReceiver.start();
        email(false, null, null).offer(DOWN);
        SmtpReceiver.Mail m = smtp.next(10);
        assertNotNull(m, "no message arrived");
        assertEquals("dogdorm@example.org", m.from());
        assertEquals(List.of("ops@example.org", "oncall@example.org"), m.to());
        assertNull(m.login());
        assertEquals("Dogdorm: tcp shop.example.org (203.0.113.10:443) is down: connection refused",
                m.header("Subject"));
        assertEquals("target.down 41", m.header("X-Dogdorm-Event"));
        assertTrue(m.body().contains("event: target.down"), m.body());
        assertTrue(m.body().contains("name: shop.example.org"), m.body());
        for (int i = 0; i < 100 && email.delivered() == 0; i++) Thread.sleep(20);
        assertEquals(1, email.delivered());
    }

    @Test
    void a_login_is_used_when_given() throws Exception {
        smtp = SmtpReceiver.withLogin("bot", PASSWORD);
        assertNull(email(false, "bot", PASSWORD).tryOnce(DOWN));
        assertEquals("bot", smtp.next(5).login());
    }

    @Test
    void a_wrong_password_is_reported_without_the_password_and_not_tried_again() throws Exception {
        smtp = SmtpReceiver.withLogin("bot", "the-right-one");
        String why = email(false, "bot", PASSWORD).tryOnce(DOWN);
        assertNotNull(why);
        assertTrue(why.contains("535"), why);
        assertFalse(why.contains(PASSWORD), why);
        assertEquals(0, smtp.waiting());
    }

    @Test
    void with_starttls_required_a_server_that_does_not_offer_it_never_hears_the_login_or_the_message()
            throws Exception {
        smtp = SmtpReceiver.withLogin("bot", PASSWORD);
        String why = email(true, "bot", PASSWORD).tryOnce(DOWN);
        assertNotNull(why, "refused");
        assertTrue(why.contains("STARTTLS"), why);
        assertFalse(why.contains(PASSWORD), why);
        assertTrue(smtp.commands().stream().noneMatch(c -> c.toUpperCase().startsWith("AUTH")
                || c.toUpperCase().startsWith("MAIL")), smtp.commands().toString());
        assertEquals(0, smtp.waiting());
    }
}
