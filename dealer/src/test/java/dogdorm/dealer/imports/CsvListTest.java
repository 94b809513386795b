package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CsvListTest {
    private static final ListFile TCP4 = ListFile.of("tcp_v4.csv");
    private static final ListFile TCP6 = ListFile.of("tcp_v6.csv");

    private static String reasons(CsvList.Parsed p) {
        return String.join("\n", p.problems().stream().map(CsvList.Problem::toString).toList());
    }

    @Test
    void file_names_give_kind_family_and_transport() {
        assertEquals(new ListFile("stun_v6.csv", Kind.STUN, Transport.UDP, 6), ListFile.of("stun_v6.csv"));
        assertEquals(Transport.TCP, ListFile.of("stun_tcp_v4.csv").transport());
        assertEquals(Transport.ICMP, ListFile.of("ping_v4.csv").transport());
        assertNull(ListFile.of("servers.csv"));
        assertNull(ListFile.of("smtp_v4.csv"));
        assertEquals("'smtp' is not a kind of list: expected one of tcp, stun, stun-change, turn, mqtt, ntp, dns, ping",
                ListFile.whyNot("smtp_v4.csv"));
        assertEquals(ListFile.whyNot("smtp_v4.csv").replace("smtp", "resolve"), ListFile.whyNot("resolve_v4.csv"));
        // a transport the kind's probe cannot use is refused, not filed under it
        assertEquals(Transport.TCP, ListFile.of("turn_tcp_v6.csv").transport());
        assertEquals(Transport.TCP, ListFile.of("dns_tcp_v4.csv").transport());
        for (String name : new String[] {"tcp_udp_v4.csv", "ntp_tcp_v4.csv", "mqtt_udp_v4.csv", "ping_tcp_v4.csv",
                "stun-change_tcp_v4.csv"}) {
            assertNull(ListFile.of(name), name);
        }
        assertEquals("ntp is checked over udp only, not tcp", ListFile.whyNot("ntp_tcp_v4.csv"));
        assertEquals("tcp is checked over tcp only, not udp", ListFile.whyNot("tcp_udp_v4.csv"));
        assertNull(ListFile.whyNot("stun_tcp_v4.csv"));
    }

    @Test
    void a_list_file_may_carry_any_name_before_its_kind() {
        assertEquals(new ListFile("home_tcp_v4.csv", Kind.TCP, Transport.TCP, 4), ListFile.of("home_tcp_v4.csv"));
        assertEquals(new ListFile("work_ping_v4.csv", Kind.PING, Transport.ICMP, 4), ListFile.of("work_ping_v4.csv"));
        assertEquals(new ListFile("eu.west_dns_tcp_v6.csv", Kind.DNS, Transport.TCP, 6),
                ListFile.of("eu.west_dns_tcp_v6.csv"));
        assertEquals(new ListFile("my_old_stun-change_v4.csv", Kind.STUN_CHANGE, Transport.UDP, 4),
                ListFile.of("my_old_stun-change_v4.csv"));
        assertEquals(new ListFile("Home_TCP_v4.csv", Kind.TCP, Transport.TCP, 4), ListFile.of("Home_TCP_v4.csv"));
        // the part before the family is the kind, unless it is a transport after a kind
        assertEquals("'tpc' is not a kind of list: expected one of tcp, stun, stun-change, turn, mqtt, ntp, dns, ping",
                ListFile.whyNot("tpc_v4.csv"));
        assertEquals("'home' is not a kind of list: expected one of tcp, stun, stun-change, turn, mqtt, ntp, dns, ping",
                ListFile.whyNot("tcp_home_v4.csv"));
        assertEquals("'a b_tcp': each part between underscores must be letters, digits, '.' or '-'",
                ListFile.whyNot("a b_tcp_v4.csv"));
        assertNull(ListFile.of("_tcp_v4.csv"));
        assertNull(ListFile.of("tcp_v4.csv.bak"));
    }

    @Test
    void names_that_look_meant_as_lists_are_told_apart_from_other_files() {
        for (String name : new String[] {"tcp_v4.cvs", "tcp_v4.csv.bak", "tpc_v4.csv", "notes.csv", "TCP_V4.CSV~",
                "tcp_v4.csb"}) {
            assertTrue(ListFile.looksLikeList(name), name);
        }
        for (String name : new String[] {"README.md", ".tcp_v4.csv.swp", "tcp_v4.txt", "tcp_v4"}) {
            assertFalse(ListFile.looksLikeList(name), name);
        }
    }

    @Test
    void messy_rows_of_real_lists_are_named_visibly_or_read_as_meant() {
        String big = "h".repeat(1_000_000);
        CsvList.Parsed p = CsvList.parse(ListFile.of("turn_v4.csv"), String.join("\n",
                "120.26.166.13,3478,qiuqiuqiu,hongqiuyang13157",
                "0,3478,turn.example\u200b",
                "8.8.8.8,\uff13\uff14\uff17\uff18",
                "0,3478," + big,
                "8.8.4.4,3478,turn.example.org,alice",
                "9.9.9.9,3478,0,bob,pw"), false);
        assertEquals(3, p.targets().size(), reasons(p));
        TargetSpec shifted = p.targets().get(0);
        assertEquals(null, shifted.host());
        assertEquals("qiuqiuqiu", shifted.user());
        assertEquals("hongqiuyang13157", shifted.password());
        CsvList.Problem warning = p.problems().get(0);
        assertTrue(warning.imported() && warning.line() == 1, warning.toString());
        assertEquals("imported as ip,port,0,user,password: the columns look shifted one to the left (a one-word host "
                + "name 'qiuqiuqiu' followed by one field); write 0 in the host column if that is meant",
                warning.reason());
        assertFalse(warning.reason().contains("hongqiuyang"), "the password is never quoted");
        // a dotted host name followed by a user is an ordinary row (a user without a password)
        assertEquals("turn.example.org", p.targets().get(1).host());
        assertEquals("alice", p.targets().get(1).user());
        String r = reasons(p);
        assertTrue(r.contains("turn_v4.csv:2: host 'turn.example\\u200b' is not a valid host name"), r);
        assertTrue(r.contains("turn_v4.csv:3: port '\uff13\uff14\uff17\uff18' is not a number"), r);
        CsvList.Problem huge = p.problems().stream().filter(x -> x.line() == 4).findFirst().orElseThrow();
        assertEquals("host '" + "h".repeat(100) + "… (1000000 characters in all)' is not a valid host name (length)",
                huge.reason(), "at most 100 characters of the field are quoted, and the reason is still said");
        assertFalse(huge.imported());
    }

    @Test
    void a_row_may_set_its_interval_timeout_and_protocol_options_after_the_password() {
        CsvList.Parsed p = CsvList.parse(ListFile.of("mqtt_v4.csv"),
                "8.8.8.8,1883,broker.example,,,version=5,timeout=3s,interval=30m\n"
                        + "8.8.4.4,1883,,alice,s3cret,version=3.1.1\n"
                        + "1.1.1.1,1883\n", false);
        assertEquals(3, p.targets().size(), reasons(p));
        TargetSpec first = p.targets().get(0);
        assertEquals(Map.of("version", "5"), first.options());
        assertEquals(3000, first.timeoutMs());
        assertEquals(Duration.ofMinutes(30), first.interval());
        assertEquals("s3cret", p.targets().get(1).password());
        assertEquals(Map.of("version", "3.1.1"), p.targets().get(1).options());
        assertNull(p.targets().get(2).timeoutMs(), "the dealer's defaults");
        assertNull(p.targets().get(2).interval());

        CsvList.Parsed bad = CsvList.parse(ListFile.of("mqtt_v4.csv"), String.join("\n",
                "8.8.8.8,1883,,,,version=4",
                "8.8.8.8,1884,,,,timeout=20m",
                "8.8.8.8,1885,,,,interval=1s",
                "8.8.8.8,1886,,,,peer=1.2.3.4",
                "8.8.8.8,1887,,u,pw,timeout=Hunter2",
                "8.8.8.8,1888,,u,hunter2,oops",
                "8.8.8.8,1889,,alice,S3cr,etPass=w0rd", // a password with a comma spills over
                "8.8.8.8,1890,,,,timeout=500ms"), false);
        String r = reasons(bad);
        assertTrue(bad.targets().isEmpty(), r);
        assertTrue(r.contains("mqtt_v4.csv:1: field 6 (version): not 3.1.1 or 5"), r);
        assertTrue(r.contains("mqtt_v4.csv:2: field 6 (timeout): not a duration from 1s to 10m"), r);
        assertTrue(r.contains("mqtt_v4.csv:8: field 6 (timeout): 500ms is shorter than 1s: too short to ride out one "
                + "lost packet (a check tries again after half its timeout)"), r);
        assertTrue(r.contains("mqtt_v4.csv:3: field 6 (interval): not a duration from 10s to 30d"), r);
        assertTrue(r.contains("mqtt_v4.csv:4: field 6: expected key=value after ip,port,host,user,password (keys "
                + "for mqtt: interval, timeout, vantage, tags, version)"), r);
        assertTrue(r.contains("mqtt_v4.csv:5: field 6 (timeout): not a duration"), r);
        assertTrue(r.contains("mqtt_v4.csv:6: field 6: expected key=value"), r);
        assertTrue(r.contains("mqtt_v4.csv:7: field 6: expected key=value"), r);
        for (String secret : new String[] {"hunter2", "Hunter2", "etpass", "etPass", "w0rd"}) {
            assertFalse(r.contains(secret), "a reason never quotes what may be a password: " + secret);
        }

        TargetSpec turn = CsvList.parse(ListFile.of("turn_v4.csv"), "8.8.8.8,3478,,u,p,peer=9.9.9.9\n", false)
                .targets().get(0);
        assertEquals(Map.of("peer", "9.9.9.9"), turn.options());
        TargetSpec dns = CsvList.parse(ListFile.of("dns_v4.csv"), "8.8.8.8,53,,,,name=Example.ORG.\n", false)
                .targets().get(0);
        assertEquals(Map.of("name", "example.org"), dns.options());
    }

    @Test
    void a_row_takes_tags_lowered_sorted_once_each_and_writes_them_back() {
        CsvList.Parsed p = CsvList.parse(TCP4, "8.8.8.8,53,,,,tags=Home;prod;home\n8.8.4.4,53\n"
                + "1.1.1.1,53,,,,tags=a,tags=b;a\n", false);
        assertEquals(List.of(List.of("home", "prod"), List.of(), List.of("a", "b")),
                p.targets().stream().map(TargetSpec::tags).toList(), "two tags= fields add up: " + reasons(p));
        String line = CsvList.line(p.targets().get(0), false);
        assertEquals("8.8.8.8,53,,,,tags=home;prod", line);
        assertEquals(p.targets().get(0), CsvList.parse(TCP4, line + "\n", false).targets().get(0), "read back whole");

        String seventeen = String.join(";", IntStream.range(0, 17).mapToObj(i -> "t" + i).toList());
        CsvList.Parsed mixed = CsvList.parse(TCP4, "8.8.8.8,53,,,,tags=two words\n8.8.4.4,53,,,,tags=-x\n"
                + "1.1.1.1,53,,,,tags=" + seventeen + "\n", false);
        String r = reasons(mixed);
        assertEquals(List.of(List.of("two", "words")), mixed.targets().stream().map(TargetSpec::tags).toList(),
                "a space separates tags too: " + r);
        assertTrue(r.contains("tcp_v4.csv:2: field 6 (tags): '-x' is not a tag (1 to 32 letters, digits, '-', '_' "
                + "or '.', beginning with a letter or a digit)"), r);
        assertTrue(r.contains("tcp_v4.csv:3: field 6 (tags): 17 tags, more than 16"), r);
    }

    @Test
    void a_row_or_the_file_says_from_how_many_locations_it_is_checked() {
        CsvList.Parsed p = CsvList.parse(TCP4, "# monitored from three places\n# vantage=3\n"
                + "8.8.8.8,53\n8.8.4.4,53,,,,vantage=1\n", false);
        assertEquals(List.of(3, 1), p.targets().stream().map(TargetSpec::vantage).toList(), reasons(p));
        assertNull(CsvList.parse(TCP4, "8.8.8.8,53\n", false).targets().get(0).vantage(), "the dealer's --vantage");
        assertNull(CsvList.parse(TCP4, "8.8.8.8,53\n# vantage=3\n8.8.4.4,53\n", false).targets().get(1).vantage(),
                "only before the first row");

        CsvList.Parsed bad = CsvList.parse(TCP4, "# vantage=many\n8.8.8.8,53,,,,vantage=0\n8.8.4.4,53,,,,vantage=17\n"
                + "1.1.1.1,53\n", false);
        String r = reasons(bad);
        assertTrue(r.contains("tcp_v4.csv:1: # vantage=: not a number of locations from 1 to 16 (ignored: rows "
                + "without their own vantage= take the dealer's --vantage)"), r);
        assertTrue(r.contains("tcp_v4.csv:2: field 6 (vantage): not a number of locations from 1 to 16"), r);
        assertTrue(r.contains("tcp_v4.csv:3: field 6 (vantage): not a number of locations from 1 to 16"), r);
        assertEquals(1, bad.targets().size(), "the good row is kept");
        assertNull(bad.targets().get(0).vantage());
    }

    @Test
    void a_ping_list_may_give_bare_addresses() {
        CsvList.Parsed p = CsvList.parse(ListFile.of("ping_v4.csv"), "8.8.8.8\n1.1.1.1,\n9.9.9.9,0\n", false);
        assertEquals(3, p.targets().size(), reasons(p));
        assertEquals(0, p.targets().get(0).port());
        assertTrue(reasons(CsvList.parse(TCP4, "8.8.8.8\n", false)).contains("expected ip,port"),
                "other kinds need their port");
    }

    @Test
    void every_field_of_a_good_line_is_read() {
        CsvList.Parsed p = CsvList.parse(ListFile.of("turn_v4.csv"),
                "198.51.100.7,3478,turn.example.org,alice,s3cret\n", false);
        // 198.51.100.0/24 is documentation space: refused unless private is allowed
        assertTrue(reasons(p).contains("198.51.100.7 is a documentation address"), reasons(p));
        p = CsvList.parse(ListFile.of("turn_v4.csv"), "8.8.4.4,3478,Turn.Example.org.,alice,s3cret\n", false);
        TargetSpec s = p.targets().get(0);
        assertEquals("8.8.4.4", s.ip());
        assertEquals(3478, s.port());
        assertEquals("turn.example.org", s.host());
        assertEquals("alice", s.user());
        assertEquals("s3cret", s.password());
        assertEquals(Kind.TURN, s.kind());
        assertEquals(new Source("turn_v4.csv", 1), s.source());
        assertEquals("turn_v4.csv:1", s.sourceText());
    }

    @Test
    void messy_real_world_list_imports_every_good_line_and_reports_every_bad_one() {
        String messy = String.join("\r\n",
                "# public servers",
                "",
                "8.8.8.8,53,dns.google",          // 3 good
                "0,443,example.com",              // 4 good: resolve the host
                ",443,example.net",               // 5 good: empty ip too
                "1.1.1.1,80,0",                   // 6 good: host 0 = none
                "  9.9.9.9 , 53 , dns.quad9.net ",// 7 good: spaces trimmed
                "8.8.8.8,0",                      // 8 bad: port 0
                "8.8.8.8",                        // 9 bad: missing port
                "8.8.8.8,abc",                    // 10 bad: port not a number
                "8.8.8.8,70000",                  // 11 bad: port range
                "2001:4860:4860::8888,53",        // 12 bad: IPv6 in a v4 list
                "0,53,0",                         // 13 bad: nothing to resolve
                "10.1.2.3,22",                    // 14 bad: private
                "8.8.8.8,53,dns.google",          // 15 bad: duplicate of 3
                "8.8.8.8,53,a,b,c,d",             // 16 bad: a sixth field that is not key=value
                "300.1.1.1,53",                   // 17 bad: not an ip
                "8.8.8.8,53,<script>alert(1)</script>", // 18 bad: host
                "208.67.222.222,53");             // 19 good, no final newline
        CsvList.Parsed p = CsvList.parse(TCP4, messy, false);
        assertEquals(List.of("dns.google", "example.com", "example.net", "1.1.1.1", "dns.quad9.net",
                "208.67.222.222"), p.targets().stream().map(TargetSpec::name).toList(), reasons(p));
        assertEquals(List.of(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18),
                p.problems().stream().map(CsvList.Problem::line).toList(), reasons(p));
        String r = reasons(p);
        assertTrue(r.contains("tcp_v4.csv:8: port 0"), r);
        assertTrue(r.contains("tcp_v4.csv:9: expected ip,port"), r);
        assertTrue(r.contains("tcp_v4.csv:10: port 'abc' is not a number"), r);
        assertTrue(r.contains("tcp_v4.csv:11: port 70000 is outside 1..65535"), r);
        assertTrue(r.contains("tcp_v4.csv:12: ip 2001:4860:4860::8888 is an IPv6 address in an IPv4 list"), r);
        assertTrue(r.contains("tcp_v4.csv:13: no address"), r);
        assertTrue(r.contains("tcp_v4.csv:14: ip 10.1.2.3 is a private address: refused"), r);
        assertTrue(r.contains("tcp_v4.csv:15: duplicate of line 3"), r);
        assertTrue(r.contains("tcp_v4.csv:16: field 6: expected key=value after ip,port,host,user,password (keys "
                + "for tcp: interval, timeout, vantage, tags)"), r);
        assertTrue(r.contains("tcp_v4.csv:17: ip '300.1.1.1' is not an IP address"), r);
        assertTrue(r.contains("tcp_v4.csv:18: host '<script>alert(1)</script>' is not a valid host name"), r);
        assertNull(p.targets().get(1).ip());
        assertEquals("example.com", p.targets().get(1).host());
    }

    @Test
    void loopback_private_link_local_multicast_and_unspecified_are_refused_without_allow_private() {
        for (String ip : new String[] {"127.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.1.1", "224.0.0.1",
                "0.0.0.0", "100.64.0.1"}) {
            CsvList.Parsed p = CsvList.parse(TCP4, ip + ",80\n", false);
            assertTrue(p.targets().isEmpty(), ip);
            assertTrue(p.problems().get(0).reason().contains("refused by the public-server policy"), ip);
        }
        for (String ip : new String[] {"::1", "fe80::1", "fd00::1", "ff02::1", "::"}) {
            CsvList.Parsed p = CsvList.parse(TCP6, ip + ",80\n", false);
            assertTrue(p.targets().isEmpty(), ip);
        }
        assertEquals(1, CsvList.parse(TCP4, "127.0.0.1,80\n", true).targets().size());
    }

    @Test
    void a_file_can_allow_private_addresses_for_itself() {
        CsvList.Parsed p = CsvList.parse(ListFile.of("ping_v4.csv"), "# allow-private\n192.168.1.10,,nas\n"
                + "192.168.1.11,0\n", false);
        assertEquals(2, p.targets().size(), reasons(p));
        assertTrue(p.allowPrivate());
        assertEquals(0, p.targets().get(0).port());
        // the directive counts only before the first row
        CsvList.Parsed late = CsvList.parse(TCP4, "8.8.8.8,53\n# allow-private\n10.0.0.1,80\n", false);
        assertEquals(1, late.targets().size());
        assertFalse(late.allowPrivate());
    }

    @Test
    void ipv6_literals_are_canonical_and_keyed_once() {
        CsvList.Parsed p = CsvList.parse(TCP6, "2001:4860:4860:0:0:0:0:8888,53\n[2001:4860:4860::8888],53\n",
                false);
        assertEquals(1, p.targets().size());
        assertEquals("2001:4860:4860::8888", p.targets().get(0).ip());
        assertEquals("tcp_v6.csv:2: duplicate of line 1", p.problems().get(0).toString());
    }

    @Test
    void an_ip_in_the_host_column_is_taken_as_the_address() {
        CsvList.Parsed p = CsvList.parse(TCP4, "0,80,8.8.8.8\n", false);
        assertEquals("8.8.8.8", p.targets().get(0).ip());
        assertNull(p.targets().get(0).host());
    }

    @Test
    void problems_never_quote_credentials() {
        CsvList.Parsed p = CsvList.parse(ListFile.of("turn_v4.csv"), "10.0.0.1,3478,turn.example,bob,hunter2\n"
                + "8.8.8.8,x,turn.example,bob,hunter2\n", false);
        assertEquals(2, p.problems().size());
        assertFalse(reasons(p).contains("hunter2"), reasons(p));
        assertFalse(reasons(p).contains("bob"), reasons(p));
    }
}
