package dogdorm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.worker.probe.DnsResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainResolverOptionTest {

    private static Main parsed(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void resolver_option_takes_an_ipv6_server_in_brackets_with_its_port() throws Exception {
        DnsResolver r = (DnsResolver) parsed("--resolver", "[::1]:5353", "--resolver-timeout", "750ms").resolver();
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("::1"), 5353)), r.servers());
        assertEquals(Duration.ofMillis(750), r.timeout());
    }

    @Test
    void resolver_option_defaults_to_port_53() throws Exception {
        DnsResolver r = (DnsResolver) parsed("--resolver", "192.0.2.53").resolver();
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53)), r.servers());
        assertEquals(DnsResolver.DEFAULT_TIMEOUT, r.timeout());
    }

    @Test
    void resolver_option_refuses_a_host_name() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("--resolver", "dns.example").resolver());
        assertTrue(e.getMessage().startsWith("--resolver: resolver address 'dns.example'"), e.getMessage());
    }

    @Test
    void without_the_option_the_system_servers_are_asked_through_dnsjava() {
        DnsResolver r = (DnsResolver) parsed().resolver();
        assertTrue(!r.servers().isEmpty());
    }
}
