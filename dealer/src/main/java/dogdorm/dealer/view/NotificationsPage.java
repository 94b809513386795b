package dogdorm.dealer.view;

import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.ReceiverKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /notifications}: every receiver (the {@code --notify} ones first, not editable), a "Send a test" and a
 * delete button on each run-time one, and the form that adds one. A form shown again after an error keeps what was
 * typed except the URL and the password: secrets are never written into a page.
 */
public final class NotificationsPage {
    private final Pages pages;

    public NotificationsPage(Pages pages) {
        this.pages = pages;
    }

    /** What the add form holds (what was typed, less the secrets, when it is shown again with an error). */
    public record Form(String name, String kind, String host, String port, boolean starttls, String user,
                       String from, String to, String targets, String lists, String tags, List<String> events) {
        public static final Form EMPTY = new Form("", "slack", "", "", true, "", "", "", "", "", "", List.of());
    }

    /** What the last button did: a test delivered (or not, and why). */
    public record Outcome(boolean ok, String text) {}

    public String render(List<ReceiverView> receivers, String csrf, Form form, String error, Outcome outcome) {
        Map<String, Object> m = new HashMap<>();
        m.put("receivers", receivers);
        m.put("csrf", csrf);
        m.put("form", form == null ? Form.EMPTY : form);
        m.put("error", error);
        m.put("outcome", outcome);
        m.put("kinds", Arrays.stream(ReceiverKind.values()).map(ReceiverKind::wire).toList());
        m.put("eventTypes", Event.TYPES);
        return pages.render("notifications", m);
    }
}
