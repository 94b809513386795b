package dogdorm.dealer.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An e-mail receiver: each event is one plain-text message over SMTP, sent with Jakarta Mail's SMTP transport
 * (Eclipse Angus Mail). With {@code starttls} the connection must be upgraded before anything else, login
 * included: a server that does not offer STARTTLS is refused, and the server's certificate must name its host.
 * Tried up to {@code attempts} times with backoff, except when the server refuses the login or an address for
 * good. Logs and errors name the server's host and port only; the password never appears in either.
 */
public final class Email extends Destination {
    private static final Logger log = LoggerFactory.getLogger(Email.class);
    private static final int SUBJECT_MAX = 150;

    private final EmailSettings settings;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;

    public Email(EmailSettings settings, Duration timeout, int capacity, int attempts, Duration backoff) {
        super("email " + settings.host() + ":" + settings.port(), capacity);
        this.settings = settings;
        this.timeout = timeout;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    @Override
    protected boolean deliver(Event e) {
        for (int attempt = 1; attempt <= attempts && running(); attempt++) {
            try {
                send(e);
                log.info("{}: {} #{} delivered (attempt {})", name(), e.type(), e.id(), attempt);
                countDelivered();
                return true;
            } catch (MessagingException ex) {
                log.warn("{}: {} attempt {} of {}: {}", name(), e.type(), attempt, attempts, reason(ex));
                if (permanent(ex)) {
                    break;
                }
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
                } catch (InterruptedException ex) {
                    return false;
                }
            }
        }
        if (!running()) {
            return false;
        }
        log.error("{}: gave up on {} #{}", name(), e.type(), e.id());
        return true;
    }

    @Override
    public String tryOnce(Event e) {
        try {
            send(e);
            log.info("{}: {} #{} delivered", name(), e.type(), e.id());
            return null;
        } catch (MessagingException ex) {
            String why = reason(ex);
            log.warn("{}: {}: {}", name(), e.type(), why);
            return why;
        }
    }

    /** A refused login or a refused address will not change by trying again; a 4xx answer or a lost line may. */
    private static boolean permanent(MessagingException ex) {
        if (ex instanceof AuthenticationFailedException) {
            return true;
        }
        if (ex instanceof SMTPSendFailedException f) {
            return f.getReturnCode() >= 500;
        }
        return ex instanceof SendFailedException;
    }

    /** The failure in words, and its causes', with the password taken out wherever a server may have quoted it. */
    private String reason(MessagingException ex) {
        StringBuilder b = new StringBuilder();
        Throwable t = ex;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        String text = b.toString().replaceAll("\\s+", " ");
        return Secrets.scrub(text.length() > 300 ? text.substring(0, 297) + "..." : text, settings.password());
    }

    private void send(Event e) throws MessagingException {
        Properties p = new Properties();
        String ms = String.valueOf(timeout.toMillis());
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", String.valueOf(settings.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.starttls.enable", String.valueOf(settings.starttls()));
        p.put("mail.smtp.starttls.required", String.valueOf(settings.starttls()));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", String.valueOf(settings.user() != null));
        Session session = Session.getInstance(p);
        MimeMessage m = message(session, e);
        try (Transport t = session.getTransport("smtp")) {
            t.connect(settings.host(), settings.port(), settings.user(), settings.password());
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    MimeMessage message(Session session, Event e) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.from()));
        for (String to : settings.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        String subject = "Dogdorm: " + e.message().replaceAll("[\\r\\n]+", " ");
        m.setSubject(subject.length() > SUBJECT_MAX ? subject.substring(0, SUBJECT_MAX - 3) + "..." : subject,
                "UTF-8");
        m.setSentDate(Date.from(e.at()));
        m.setHeader("X-Dogdorm-Event", e.type() + " " + e.id());
        StringBuilder body = new StringBuilder(e.message()).append("\n\n");
        body.append("event: ").append(e.type()).append('\n');
        body.append("id: ").append(e.id()).append('\n');
        body.append("at: ").append(e.at()).append('\n');
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            body.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
        }
        m.setText(body.toString(), "UTF-8");
        return m;
    }
}
