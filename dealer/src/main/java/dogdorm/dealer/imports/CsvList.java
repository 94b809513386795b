package dogdorm.dealer.imports;

import dogdorm.common.Addresses;
import dogdorm.common.Durations;
import dogdorm.common.HostNames;
import dogdorm.common.Kind;
import dogdorm.common.Visible;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.Tags;
import dogdorm.dealer.table.TargetSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one server list: lines {@code ip,port[,host[,user[,password]]]}; ip {@code 0} or empty means "resolve the
 * host"; host {@code 0} means none; {@code #} comment lines, blank lines, CRLF and a missing final newline are fine.
 * A first line {@code # allow-private} lets this file list private addresses (home networks) while the public-server
 * policy stays on for other files; a comment line {@code # vantage=3} before the first row has every row checked
 * from that many locations (a row's own {@code vantage=} wins). Every bad line becomes a {@link Problem} naming file:line and the reason; every
 * good line a {@link TargetSpec}.
 */
public final class CsvList {
    private static final String ALLOW_PRIVATE = "allow-private";

    private CsvList() {}

    /** The longest reason kept: a 1 MB field is named, not copied. */
    static final int MAX_REASON = 300;

    /**
     * A line that was not imported, and why; or, when {@code imported}, a line imported as the reason says (a
     * warning). The reason may quote a host name as written, with invisible characters escaped ({@code \u200b}) and
     * cut to {@link #MAX_REASON} characters (escape it on pages); it never quotes the user or password fields.
     */
    public record Problem(String file, int line, String reason, boolean imported) {
        public Problem {
            reason = Visible.of(reason, MAX_REASON);
        }

        /** A line that was not imported. */
        public Problem(String file, int line, String reason) {
            this(file, line, reason, false);
        }

        @Override
        public String toString() {
            return file + ":" + line + ": " + reason;
        }
    }

    /** What a file gives: its good rows, the lines skipped and the lines imported with a warning. */
    public record Parsed(ListFile list, List<TargetSpec> targets, List<Problem> problems, boolean allowPrivate) {}

    public static Parsed parse(ListFile list, String content, boolean allowPrivateEverywhere) {
        List<TargetSpec> targets = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<TargetKey, Integer> seen = new HashMap<>();
        String[] lines = content.split("\\R", -1);
        boolean allowPrivate = allowPrivateEverywhere;
        Integer fileVantage = null;
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String directive = line.substring(1).strip().toLowerCase(Locale.ROOT);
                if (first && directive.equals(ALLOW_PRIVATE)) {
                    allowPrivate = true;
                } else if (first && directive.startsWith(VANTAGE + "=")) {
                    try {
                        fileVantage = vantage(directive.substring(VANTAGE.length() + 1), "");
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(list.name(), lineNo, "# vantage=: " + e.getMessage()
                                + " (ignored: rows without their own vantage= take the dealer's --vantage)", true));
                    }
                }
                continue;
            }
            first = false;
            try {
                List<String> warnings = new ArrayList<>(1);
                TargetSpec spec = parseLine(list, line, new Source(list.name(), lineNo), allowPrivate, warnings);
                if (spec.vantage() == null && fileVantage != null) {
                    spec = spec.withVantage(fileVantage);
                }
                Integer earlier = seen.putIfAbsent(TargetKey.of(spec), lineNo);
                if (earlier != null) {
                    problems.add(new Problem(list.name(), lineNo, "duplicate of line " + earlier));
                    continue;
                }
                targets.add(spec);
                for (String w : warnings) {
                    problems.add(new Problem(list.name(), lineNo, w, true));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(list.name(), lineNo, e.getMessage()));
            }
        }
        return new Parsed(list, targets, problems, allowPrivate);
    }

    static TargetSpec parseLine(ListFile list, String line, Source source, boolean allowPrivate,
                                List<String> warnings) {
        String[] f = line.split(",", -1);
        if (f.length == 1 && !list.kind().needsPort()) {
            f = new String[] {f[0], ""}; // a ping list may give bare addresses
        }
        if (f.length < 2) {
            throw new IllegalArgumentException("expected ip,port[,host[,user[,password[,key=value...]]]] but found "
                    + f.length + " field" + (f.length == 1 ? "" : "s"));
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip();
        }
        Settings settings = settings(list.kind(), lineSettings(list.kind(), f));
        String ip = f[0].isEmpty() || f[0].equals("0") ? null : f[0];
        String host = f.length > 2 && !f[2].isEmpty() && !f[2].equals("0") ? f[2] : null;
        String user = f.length > 3 && !f[3].isEmpty() ? f[3] : null;
        String password = f.length > 4 && !f[4].isEmpty() ? f[4] : null;
        int port = port(list.kind(), f[1]);
        if (shifted(list.kind(), f, ip, host, password)) {
            warnings.add("imported as ip,port,0,user,password: the columns look shifted one to the left (a one-word "
                    + "host name " + Visible.quoted(host) + " followed by one field); write 0 in the host column if "
                    + "that is meant");
            password = user;
            user = host;
            host = null;
        }
        return spec(list, ip, port, host, user, password, settings, source, allowPrivate, f[0].isEmpty());
    }

    /**
     * A row given field by field (the API's JSON, the pages' form) rather than as a line: the checks of a list line,
     * with reasons that name the field ({@code port 'x' is not a number}, {@code interval: not a duration from 10s to
     * 30d}, {@code options.version: not 3.1.1 or 5}). Null or blank means left out; ip and host take {@code 0} as in
     * a line. {@code options} holds the kind's own keys (mqtt {@code version}, turn {@code peer}, dns {@code name}).
     * A field may hold no comma or line break, as a list row cannot, so every row can be exported as a line.
     */
    public static TargetSpec fields(ListFile list, String ip, String port, String host, String user, String password,
                                    String interval, String timeout, String vantage, String tags,
                                    Map<String, String> options, Source source, boolean allowPrivate) {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("ip", ip);
        named.put("port", port);
        named.put("host", host);
        named.put("user", user);
        named.put("password", password);
        named.put("interval", interval);
        named.put("timeout", timeout);
        named.put("vantage", vantage);
        List<String> own = OPTIONS.getOrDefault(list.kind(), List.of());
        Map<String, String> opts = options == null ? Map.of() : new TreeMap<>(options);
        for (Map.Entry<String, String> e : opts.entrySet()) {
            if (!own.contains(e.getKey())) {
                throw new IllegalArgumentException("options: '" + Visible.of(e.getKey(), 40) + "' is not a key for "
                        + list.kind() + (own.isEmpty() ? " (it takes none)" : " (keys: " + String.join(", ", own)
                        + ")"));
            }
            named.put("options." + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : named.entrySet()) {
            String v = e.getValue();
            if (v != null && (v.indexOf(',') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) {
                throw new IllegalArgumentException(e.getKey() + ": has a comma or a line break, which a list row "
                        + "cannot hold");
            }
        }
        List<Setting> given = new ArrayList<>();
        for (String key : List.of("interval", "timeout", VANTAGE)) {
            if (!blank(named.get(key))) {
                given.add(new Setting(key, key, named.get(key).strip()));
            }
        }
        if (!blank(tags)) { // separated by ';', commas or spaces here: a line writes them with ';'
            given.add(new Setting(TAGS, TAGS, tags.strip()));
        }
        for (Map.Entry<String, String> e : opts.entrySet()) {
            if (!blank(e.getValue())) {
                given.add(new Setting("options." + e.getKey(), e.getKey(), e.getValue().strip()));
            }
        }
        Settings settings = settings(list.kind(), given);
        if (blank(port) && list.kind().needsPort()) {
            throw new IllegalArgumentException("port: missing (a " + list.kind() + " target needs one)");
        }
        String ipText = blank(ip) ? "" : ip.strip();
        String hostText = blank(host) ? null : host.strip();
        return spec(list, ipText.isEmpty() || ipText.equals("0") ? null : ipText,
                port(list.kind(), blank(port) ? "" : port.strip()), "0".equals(hostText) ? null : hostText,
                blank(user) ? null : user.strip(), blank(password) ? null : password.strip(), settings, source,
                allowPrivate, ipText.isEmpty());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The rest of a row's checks, from its fields as given: the address policy, the host name, a first address. */
    private static TargetSpec spec(ListFile list, String ip, int port, String host, String user, String password,
                                   Settings settings, Source source, boolean allowPrivate, boolean ipEmpty) {
        if (host != null && Addresses.isLiteral(host)) {
            // some lists put the address in the host column
            if (ip == null) {
                ip = host;
            }
            host = null;
        }
        if (host != null) {
            host = HostNames.normalize(host);
        }
        if (ip != null) {
            InetAddress a;
            try {
                a = Addresses.parse(ip);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ip " + e.getMessage());
            }
            int family = Addresses.family(a);
            if (family != list.family()) {
                throw new IllegalArgumentException("ip " + ip + " is an IPv" + family + " address in an IPv"
                        + list.family() + " list");
            }
            String why = Addresses.whyNotPublic(a);
            if (why != null && !allowPrivate) {
                throw new IllegalArgumentException("ip " + ip + " is " + Addresses.aReason(why) + ": refused by the "
                        + "public-server policy (start the dealer with --allow-private, or begin the file with "
                        + "'# allow-private')");
            }
            ip = Addresses.canonical(a);
        }
        if (ip == null && host == null) {
            throw new IllegalArgumentException("no address: ip is " + (ipEmpty ? "empty" : "0")
                    + " and there is no host name to resolve");
        }
        return new TargetSpec(list.kind(), list.family(), list.transport(), host, ip, port, user, password, null,
                source, settings.interval(), settings.timeoutMs(), settings.options(), null, settings.vantage(),
                settings.tags());
    }

    /**
     * The line a list file would hold for {@code s} (the inverse of reading one): {@code ip,port[,host[,user,
     * password]][,key=value...]}, ip {@code 0} for a target known by its host name only, no port for ping; the
     * password only when {@code withPassword} (its column stays, empty, after a user name, so the row is never
     * read as shifted). Reading the line back in a list of the spec's kind, transport and family gives the spec.
     */
    public static String line(TargetSpec s, boolean withPassword) {
        List<String> f = new ArrayList<>(List.of(s.ip() == null ? "0" : s.ip(),
                s.port() == 0 && !s.kind().needsPort() ? "" : Integer.toString(s.port()),
                s.host() == null ? "" : s.host(), s.user() == null ? "" : s.user(),
                withPassword && s.password() != null ? s.password() : ""));
        List<String> settings = new ArrayList<>();
        if (s.interval() != null) settings.add("interval=" + Durations.format(s.interval()));
        if (s.timeoutMs() != null) settings.add("timeout=" + Durations.format(Duration.ofMillis(s.timeoutMs())));
        if (s.vantage() != null) settings.add(VANTAGE + "=" + s.vantage());
        if (!s.tags().isEmpty()) settings.add(TAGS + "=" + Tags.text(s.tags()));
        new TreeMap<>(s.options()).forEach((k, v) -> settings.add(k + "=" + v));
        int keep = !settings.isEmpty() || s.user() != null || !f.get(4).isEmpty() ? 5 : s.host() != null ? 3
                : f.get(1).isEmpty() ? 1 : 2;
        List<String> out = new ArrayList<>(f.subList(0, keep));
        out.addAll(settings);
        return String.join(",", out);
    }

    /**
     * Whether a row's user name and password sit one column to the left ({@code ip,port,user,password}, as in
     * {@code 120.26.166.13,3478,qiuqiuqiu,hongqiuyang13157}): a kind that takes credentials, an address given, a
     * host column of one word without dots, and exactly one field after it.
     */
    private static boolean shifted(Kind kind, String[] f, String ip, String host, String password) {
        return (kind == Kind.TURN || kind == Kind.MQTT) && ip != null && host != null && password == null
                && f.length == 4 && !f[3].isEmpty() && host.indexOf('.') < 0 && host.indexOf(':') < 0
                && !host.equalsIgnoreCase("localhost");
    }

    /** A row's own settings: fields after the password, each {@code key=value}. */
    record Settings(Duration interval, Integer timeoutMs, Map<String, String> options, Integer vantage,
                    List<String> tags) {}

    private static final String VANTAGE = "vantage";
    private static final String TAGS = "tags";

    /** The keys a row may set, by kind: every kind takes interval, timeout, vantage and tags. */
    private static final Map<Kind, List<String>> OPTIONS = Map.of(Kind.MQTT, List.of("version"), Kind.TURN,
            List.of("peer"), Kind.DNS, List.of("name"));

    /** One of a row's settings, and how a reason names its place ({@code field 6 (version)}, {@code interval}). */
    private record Setting(String where, String key, String value) {}

    /**
     * The fields after the password, as settings. A reason never quotes them (beyond a known key): a password that
     * contains a comma spills into them.
     */
    private static List<Setting> lineSettings(Kind kind, String[] f) {
        List<String> known = new ArrayList<>(List.of("interval", "timeout", VANTAGE, TAGS));
        known.addAll(OPTIONS.getOrDefault(kind, List.of()));
        String keys = "keys for " + kind + ": " + String.join(", ", known);
        List<Setting> out = new ArrayList<>();
        for (int i = 5; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            String key = eq <= 0 ? null : f[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (key == null || !known.contains(key)) {
                throw new IllegalArgumentException("field " + (i + 1) + ": expected key=value after ip,port,host,"
                        + "user,password (" + keys + ")");
            }
            out.add(new Setting("field " + (i + 1) + " (" + key + ")", key, f[i].substring(eq + 1).strip()));
        }
        return out;
    }

    /** Reads a row's settings: each key is one the row's kind takes. */
    private static Settings settings(Kind kind, List<Setting> given) {
        Duration interval = null;
        Integer timeoutMs = null;
        Integer vantage = null;
        List<String> tags = List.of();
        Map<String, String> options = new TreeMap<>();
        for (Setting st : given) {
            String key = st.key();
            String value = st.value();
            String where = st.where() + ": ";
            switch (key) {
                case "interval" -> interval = duration(value, Duration.ofSeconds(10), Duration.ofDays(30), where);
                case "timeout" -> timeoutMs = (int) timeout(value, where).toMillis();
                case VANTAGE -> vantage = vantage(value, where);
                case TAGS -> { // a second tags= adds to the first
                    List<String> all = new ArrayList<>(tags);
                    all.addAll(Tags.parse(value, st.where()));
                    tags = Tags.of(all, st.where());
                }
                case "version" -> {
                    if (!value.equals("3.1.1") && !value.equals("5")) {
                        throw new IllegalArgumentException(where + "not 3.1.1 or 5");
                    }
                    options.put(key, value);
                }
                case "peer" -> {
                    try {
                        options.put(key, Addresses.canonical(Addresses.parse(value)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + "not an IP address");
                    }
                }
                default -> {
                    try {
                        options.put(key, HostNames.normalize(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + "not a host name");
                    }
                }
            }
        }
        return new Settings(interval, timeoutMs, options.isEmpty() ? null : Map.copyOf(options), vantage, tags);
    }

    /** How many locations check a row each round: a whole number in 1..{@link TargetSpec#MAX_VANTAGE}. */
    private static int vantage(String value, String where) {
        try {
            String digits = value.strip();
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException(); // Integer.parseInt would take fullwidth and other digits
            }
            int k = Integer.parseInt(digits);
            if (k >= 1 && k <= TargetSpec.MAX_VANTAGE) {
                return k;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(where + "not a number of locations from 1 to " + TargetSpec.MAX_VANTAGE);
    }

    /**
     * The shortest timeout a row may set: a check sends again after half its timeout when the first packet got no
     * answer, and the second try needs time for a reply from a server some hundreds of milliseconds away.
     */
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

    private static Duration timeout(String value, String where) {
        Duration d = parsed(value);
        if (d == null || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(where + "not a duration from " + Durations.format(MIN_TIMEOUT)
                    + " to 10m");
        }
        if (d.compareTo(MIN_TIMEOUT) < 0) {
            throw new IllegalArgumentException(where + Durations.format(d) + " is shorter than "
                    + Durations.format(MIN_TIMEOUT) + ": too short to ride out one lost packet (a check tries "
                    + "again after half its timeout)");
        }
        return d;
    }

    private static Duration duration(String value, Duration min, Duration max, String where) {
        Duration d = parsed(value);
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(where + "not a duration from " + Durations.format(min) + " to "
                    + Durations.format(max));
        }
        return d;
    }

    /** The duration {@code value} names, or null when it names none. */
    private static Duration parsed(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int port(Kind kind, String text) {
        if (!kind.needsPort() && (text.isEmpty() || text.equals("0"))) {
            return 0;
        }
        int port;
        try {
            if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException(); // Integer.parseInt would take fullwidth and other digits
            }
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port " + Visible.quoted(text) + " is not a number");
        }
        if (port == 0 && kind.needsPort()) {
            throw new IllegalArgumentException("port 0: a " + kind + " server needs a port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        return port;
    }
}
