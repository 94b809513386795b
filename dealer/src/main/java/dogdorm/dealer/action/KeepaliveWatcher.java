package dogdorm.dealer.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.dealer.imports.ListSink;
import dogdorm.dealer.imports.SettledFiles;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns DO Keepalive config files ({@code --keepalive FILE}, every {@code *.conf} in {@code --keepalive-dir}) into
 * {@code tcp} targets with their own intervals, bound to their droplets for {@link Remediation} and named by their
 * descriptions ({@link SiteNames}). At start a bad
 * file stops the dealer with a message naming the file, the entry and the field; later, a changed file is applied
 * once it has looked the same on two scans, and a bad edit is reported while the last good config stays.
 */
public final class KeepaliveWatcher {
    private static final Logger log = LoggerFactory.getLogger(KeepaliveWatcher.class);

    private final List<Path> files;
    private final Path dir;
    private final ListSink dealer;
    private final Remediation remediation;
    private final SiteNames names;
    private final ObjectMapper json;
    private final boolean allowPrivate;
    private final SettledFiles<Path> settled = new SettledFiles<>();

    public KeepaliveWatcher(List<Path> files, Path dir, ListSink dealer, Remediation remediation, SiteNames names,
                            ObjectMapper json, boolean allowPrivate) {
        this.files = List.copyOf(files);
        this.dir = dir;
        this.dealer = dealer;
        this.remediation = remediation;
        this.names = names;
        this.json = json;
        this.allowPrivate = allowPrivate;
    }

    /** Reads every config at start: any problem stops the dealer. */
    public void start() throws KeepaliveConfig.Invalid {
        present();
        for (Path f : settled.scan(current(), true).ready()) {
            apply(f, KeepaliveConfig.read(f, json));
        }
        // sites the store kept from configs no longer given are watched no more
        Set<String> configured = new HashSet<>();
        for (Path f : settled.applied()) {
            configured.add(source(f));
        }
        int removed = dealer.dropUnlisted(f -> f.startsWith("keepalive:") && !configured.contains(f));
        if (removed > 0) {
            log.info("{} stored keepalive site(s) removed: their configs are no longer given", removed);
        }
    }

    /** One scan for changed, new and removed files. */
    public synchronized void scan() {
        SettledFiles.Scan<Path> scan = settled.scan(current(), false);
        for (Path f : scan.ready()) {
            try {
                apply(f, KeepaliveConfig.read(f, json));
            } catch (KeepaliveConfig.Invalid ex) {
                log.error("keepalive config not applied, the last good one stays: {}", ex.getMessage());
            }
        }
        for (Path gone : scan.gone()) {
            int removed = dealer.dropList(source(gone));
            remediation.unbind(gone.toString());
            names.remove(gone.toString());
            log.info("{}: keepalive config removed, {} site(s) no longer watched", gone, removed);
        }
    }

    private Map<Path, SettledFiles.Stat> current() {
        Map<Path, SettledFiles.Stat> out = new LinkedHashMap<>();
        for (Path f : files) {
            seen(f, out);
        }
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
                for (Path f : ds) {
                    seen(f, out);
                }
            } catch (IOException e) {
                log.warn("cannot read the keepalive folder {}: {}", dir, e.getMessage());
            }
        }
        return out;
    }

    private static void seen(Path f, Map<Path, SettledFiles.Stat> out) {
        SettledFiles.Stat stat = SettledFiles.Stat.of(f);
        if (stat != null) {
            out.put(f, stat); // a missing file is not watched now
        }
    }

    /** The source file of a config's sites: its path, marked as a keepalive config. */
    static String source(Path f) {
        return "keepalive:" + f;
    }

    /**
     * Reads every config given, as {@link #start} will, and changes nothing: the dealer checks them before it binds
     * its port or opens its data folder, so a bad config stops a start that has touched nothing.
     */
    public static void check(List<Path> files, Path dir, ObjectMapper json, boolean allowPrivate)
            throws KeepaliveConfig.Invalid {
        KeepaliveWatcher w = new KeepaliveWatcher(files, dir, null, null, null, json, allowPrivate);
        for (Path f : w.present()) {
            w.targets(f, KeepaliveConfig.read(f, json));
        }
    }

    /** The configs there are: every --keepalive file (each must exist) and every *.conf in --keepalive-dir. */
    private List<Path> present() throws KeepaliveConfig.Invalid {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new KeepaliveConfig.Invalid("--keepalive-dir " + dir + ": " + (Files.exists(dir) ? "not a folder"
                    : "no such folder"));
        }
        Map<Path, SettledFiles.Stat> present = current();
        for (Path f : files) {
            if (!present.containsKey(f)) {
                throw new KeepaliveConfig.Invalid(f + ": no such file");
            }
        }
        return new ArrayList<>(present.keySet());
    }

    /** A config's sites: tcp targets, the droplet each is bound to, and their names by source. */
    private record Sites(List<TargetSpec> specs, Map<TargetKey, Remediation.Binding> bindings,
                         Map<String, String> names) {}

    /** A config's sites as tcp targets, each bound to its droplet; a site the address policy refuses stops it. */
    private Sites targets(Path file, List<KeepaliveConfig.Site> sites) throws KeepaliveConfig.Invalid {
        Map<TargetKey, Remediation.Binding> bindings = new LinkedHashMap<>();
        Map<String, String> named = new LinkedHashMap<>();
        List<TargetSpec> specs = new ArrayList<>();
        for (KeepaliveConfig.Site s : sites) {
            String ip = null;
            String host = s.host();
            int family = 4;
            if (Addresses.isLiteral(host)) {
                InetAddress a = Addresses.parse(host);
                String why = Addresses.whyNotPublic(a);
                if (why != null && !allowPrivate) {
                    throw new KeepaliveConfig.Invalid(s.where() + ": host " + host + " is " + Addresses.aReason(why)
                            + ": refused by the public-server policy (start the dealer with --allow-private)");
                }
                ip = Addresses.canonical(a);
                family = Addresses.family(a);
                host = null;
            }
            TargetSpec spec = new TargetSpec(Kind.TCP, family, null, host, ip, s.port(), null, null, null,
                    Source.labelled(source(file), s.entry() + "." + s.site()), s.interval(), null, null);
            specs.add(spec);
            bindings.put(TargetKey.of(spec), new Remediation.Binding(s.dropletId(), s.token(), s.description()));
            if (s.description() != null) {
                named.put(spec.sourceText(), s.description());
            }
        }
        return new Sites(specs, bindings, named);
    }

    private void apply(Path file, List<KeepaliveConfig.Site> sites) throws KeepaliveConfig.Invalid {
        Sites found = targets(file, sites);
        List<TargetSpec> specs = found.specs();
        remediation.bind(file.toString(), found.bindings());
        names.put(file.toString(), found.names());
        var result = dealer.applyList(source(file), specs, allowPrivate);
        log.info("{}: {} site(s): {} added, {} updated, {} removed", file, specs.size(), result.added(),
                result.updated(), result.removed());
    }
}
