package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** When the admin pages may be open, and the dealer's refusal to start when they would be open to the network. */
class AdminAuthTest {
    @TempDir
    Path dir;

    @Test
    void a_dealer_on_a_non_loopback_address_refuses_to_start_without_admin_credentials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DealerConfig.builder(dir, dir).bind("0.0.0.0").build());
        assertTrue(e.getMessage().startsWith("--bind 0.0.0.0 is not a loopback address"), e.getMessage());
        assertTrue(e.getMessage().contains("--admin-password-file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DealerConfig.builder(dir, dir).bind("::").build());
        assertThrows(IllegalArgumentException.class, () -> DealerConfig.builder(dir, dir).bind("192.0.2.10").build());
        assertThrows(IllegalArgumentException.class, () -> DealerConfig.builder(dir, dir).bind("dealer.lan").build());
    }

    @Test
    void with_credentials_or_on_loopback_the_dealer_starts() {
        DealerConfig.builder(dir, dir).bind("0.0.0.0").admin("admin", "pw").build();
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"}) {
            assertEquals(loopback, DealerConfig.builder(dir, dir).bind(loopback).build().bind());
        }
    }

    @Test
    void the_command_line_says_why_it_will_not_start_and_exits_non_zero() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("dogdorm dealer: " + ex.getMessage());
            return 1;
        });
        int code = cmd.execute("--bind", "0.0.0.0", "--port", "0", "--data", dir.resolve("data").toString(),
                "--lists", dir.toString());
        assertEquals(2, code, "refused by the option checks, like any wrong option");
        assertTrue(err.toString().contains("--bind 0.0.0.0 is not a loopback address"), err.toString());
        assertFalse(Files.exists(dir.resolve("data")), "a start refused for its options touches no data");

        // option errors found in call() come as a ParameterException
        StringBuilder refused = new StringBuilder();
        cmd.setParameterExceptionHandler((ex, args) -> {
            refused.append(ex.getMessage()).append('\n');
            return 2;
        });
        Path empty = Files.writeString(dir.resolve("pw"), "\n");
        assertEquals(2, cmd.execute("--admin-password-file", empty.toString(), "--port", "0"));
        assertTrue(refused.toString().contains("--admin-password-file: " + empty + " is empty"), refused.toString());
        assertEquals(2, cmd.execute("--admin-user", "root", "--port", "0"));
        assertTrue(refused.toString().contains("--admin-user needs --admin-password-file"), refused.toString());
    }

    @Test
    void only_loopback_host_names_reach_pages_that_have_no_credentials() {
        assertTrue(AdminAuth.isLoopbackHost("127.0.0.1:8000"));
        assertTrue(AdminAuth.isLoopbackHost("localhost"));
        assertTrue(AdminAuth.isLoopbackHost("[::1]:8000"));
        assertFalse(AdminAuth.isLoopbackHost("attacker.example"));
        assertFalse(AdminAuth.isLoopbackHost("127.0.0.1.attacker.example"));
        assertFalse(AdminAuth.isLoopbackHost("[::2]:80"));
        assertFalse(AdminAuth.isLoopbackHost(null));
    }

    @Test
    void without_a_password_the_pages_are_open_to_loopback_only() {
        assertTrue(new AdminAuth("admin", null).open());
        assertFalse(new AdminAuth("admin", "pw").open());
    }
}
