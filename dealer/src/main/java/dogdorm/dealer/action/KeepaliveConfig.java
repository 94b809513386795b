package dogdorm.dealer.action;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Addresses;
import dogdorm.common.HostNames;
import dogdorm.common.Durations;
import dogdorm.common.Visible;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DO Keepalive config file, in its original format, unchanged:
 * {@code [{"token", "description", "sites": [{"droplet_id", "host", "port", "interval"}]}]} — the port may be a
 * number or a string, the interval is {@code 5m}, {@code 36h}, {@code 1h30m}... The entry's {@code description}
 * names its sites on the pages (a site may carry a {@code description} of its own, which wins). Every problem names
 * the file, the entry and the field. The token is a secret: {@link Site#toString()} and every message leave it out.
 */
public final class KeepaliveConfig {

    private KeepaliveConfig() {}

    /** The longest description taken (a name for pages and messages, not a document). */
    static final int MAX_DESCRIPTION = 200;

    /**
     * One site to keep alive: a TCP port to watch and the droplet to reboot when it stays closed; {@code description}
     * is what to call it (null: none given).
     */
    public record Site(String file, int entry, int site, String description, String token, String dropletId,
                       String host, int port, Duration interval) {
        /** Where it came from, as "file: entry 1, site 2" (entries and sites count from 1). */
        public String where() {
            return file + ": entry " + entry + ", site " + site;
        }

        @Override
        public String toString() {
            return where() + " droplet " + dropletId + " " + host + ":" + port + " every "
                    + Durations.format(interval);
        }
    }

    /** A file that cannot be used; the message names the file, the entry and the field. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static List<Site> read(Path file, ObjectMapper json) throws Invalid {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new Invalid(file + ": not UTF-8 text (a byte that is not UTF-8; save it as UTF-8)");
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text, json);
    }

    /**
     * The sites of a config's text. One JSON document, nothing after it, no field twice in an object (which of two
     * tokens would win is not for a parser to guess); a UTF-8 byte order mark before it is skipped, as editors on
     * Windows write one.
     */
    public static List<Site> parse(String file, String text, ObjectMapper json) throws Invalid {
        JsonNode root;
        try (JsonParser p = json.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
            p.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
            root = json.readTree(p);
            JsonLocation end = p.currentLocation();
            boolean more;
            try {
                more = p.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true; // text that is not even JSON
            }
            if (more) {
                throw new Invalid(file + ": more follows the JSON list, which ends at line " + end.getLineNr()
                        + ", column " + end.getColumnNr() + ": the file holds one list only");
            }
        } catch (JsonProcessingException e) {
            throw new Invalid(file + ": not valid JSON" + at(e) + ": " + problem(e));
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new Invalid(file + ": expected a JSON list of [{\"token\", \"description\", \"sites\": [...]}]");
        }
        List<Site> out = new ArrayList<>();
        for (int e = 0; e < root.size(); e++) {
            JsonNode entry = root.get(e);
            String where = file + ": entry " + (e + 1);
            if (!entry.isObject()) {
                throw new Invalid(where + ": expected an object with token and sites");
            }
            String token = text(entry, "token", where);
            if (token.isBlank()) {
                throw new Invalid(where + ": token is empty");
            }
            String description = description(entry, where);
            JsonNode sites = entry.get("sites");
            if (sites == null || !sites.isArray()) {
                throw new Invalid(where + ": sites is missing or not a list");
            }
            for (int s = 0; s < sites.size(); s++) {
                JsonNode site = sites.get(s);
                String at = where + ", site " + (s + 1);
                if (!site.isObject()) {
                    throw new Invalid(at + ": expected an object with droplet_id, host, port and interval");
                }
                String own = description(site, at);
                String droplet = scalar(site, "droplet_id", at);
                if (!droplet.matches("\\d{1,20}")) {
                    throw new Invalid(at + ": droplet_id '" + droplet + "' is not a droplet id (a number)");
                }
                String host = text(site, "host", at).strip();
                if (!Addresses.isLiteral(host)) {
                    try {
                        host = HostNames.normalize(host);
                    } catch (IllegalArgumentException bad) {
                        throw new Invalid(at + ": host '" + host + "' is not a host name or IP address");
                    }
                }
                String portText = scalar(site, "port", at).strip();
                int port;
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException ex) {
                    throw new Invalid(at + ": port '" + portText + "' is not a number");
                }
                if (port < 1 || port > 65535) {
                    throw new Invalid(at + ": port " + port + " is outside 1..65535");
                }
                String intervalText = scalar(site, "interval", at);
                Duration interval;
                try {
                    interval = Durations.parse(intervalText);
                } catch (IllegalArgumentException ex) {
                    throw new Invalid(at + ": interval: " + ex.getMessage());
                }
                out.add(new Site(file, e + 1, s + 1, own != null ? own : description, token, droplet,
                        host.toLowerCase(Locale.ROOT), port, interval));
            }
        }
        return out;
    }

    /**
     * What the parser found wrong, without quoting the file: an unquoted word may be the token itself
     * ({@code "token": dop_v1_...}), and a token never goes into a message.
     */
    private static String problem(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Unrecognized token")) {
            return "a word without quotes where a value belongs (a string needs double quotes)";
        }
        return Visible.of(m, 200);
    }

    /** " at line 3, column 7", or nothing when the parser did not say where (a nesting too deep, say). */
    private static String at(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** An optional description: a string of at most {@link #MAX_DESCRIPTION} characters; null when absent or blank. */
    private static String description(JsonNode node, String where) throws Invalid {
        JsonNode v = node.get("description");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(where + ": description must be a string");
        }
        String d = v.asText().strip();
        if (d.codePoints().anyMatch(Character::isISOControl)) {
            throw new Invalid(where + ": description has a control character (a line break, a tab...)");
        }
        if (d.length() > MAX_DESCRIPTION) {
            throw new Invalid(where + ": description is " + d.length() + " characters long, more than "
                    + MAX_DESCRIPTION);
        }
        return d.isEmpty() ? null : d;
    }

    private static String text(JsonNode node, String field, String where) throws Invalid {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid(where + ": " + field + " is missing");
        }
        if (!v.isTextual()) {
            throw new Invalid(where + ": " + field + " must be a string");
        }
        return v.asText();
    }

    /** A field that may be a string or a number (the original wrote ports and droplet ids either way). */
    private static String scalar(JsonNode node, String field, String where) throws Invalid {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid(where + ": " + field + " is missing");
        }
        if (v.isTextual() || v.isIntegralNumber()) {
            return v.asText();
        }
        throw new Invalid(where + ": " + field + " must be a number or a string");
    }
}
