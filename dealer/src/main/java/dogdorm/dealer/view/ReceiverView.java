package dogdorm.dealer.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.dealer.notify.EmailSettings;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.notify.ReceiverFilter;
import dogdorm.dealer.notify.Webhook;
import java.time.Instant;
import java.util.List;

/**
 * A notification receiver as the API and the page show it: its URL masked and its password only said to be there
 * ({@code has_password}). A {@code --notify} webhook has no id, is not {@code editable} and comes from the
 * {@code command line}; the others from the {@code api} (or the page). {@code delivered}: events delivered since
 * this dealer started.
 */
public record ReceiverView(Long id, String name, String kind, String source, boolean editable, String url,
                           Mail email, Filter filter, String routes, Instant created, long delivered) {
    public static final String FROM_API = "api";
    public static final String FROM_COMMAND_LINE = "command line";

    /** The e-mail settings, less the password. */
    public record Mail(String host, int port, boolean starttls, String user,
                       @JsonProperty("has_password") boolean hasPassword, String from, List<String> to) {
        static Mail of(EmailSettings e) {
            return new Mail(e.host(), e.port(), e.starttls(), e.user(), e.hasPassword(), e.from(), e.to());
        }
    }

    /** The filter's lists (empty: no filter on that). */
    public record Filter(List<Long> targets, List<String> lists, List<String> tags, List<String> events) {
        static Filter of(ReceiverFilter f) {
            return new Filter(f.targets(), f.lists(), f.tags(), f.events());
        }
    }

    public static ReceiverView of(Receiver r, long delivered) {
        return new ReceiverView(r.id(), r.name(), r.kind().wire(), FROM_API, true, r.maskedUrl(),
                r.email() == null ? null : Mail.of(r.email()), Filter.of(r.filter()), r.filter().describe(),
                r.created(), delivered);
    }

    /** The {@code n}th {@code --notify} webhook (from 1). */
    public static ReceiverView of(Webhook w, int n) {
        return new ReceiverView(null, "--notify " + n, w.kind().wire(), FROM_COMMAND_LINE, false, w.maskedUrl(),
                null, Filter.of(ReceiverFilter.EVERYTHING), ReceiverFilter.EVERYTHING.describe(), null,
                w.delivered());
    }

    /** Where it sends, in one line: the masked URL, or the SMTP server and the recipients. */
    public String sendsTo() {
        return email == null ? url : String.join(", ", email.to()) + " via " + email.host() + ":" + email.port()
                + (email.starttls() ? " (STARTTLS)" : "");
    }
}
