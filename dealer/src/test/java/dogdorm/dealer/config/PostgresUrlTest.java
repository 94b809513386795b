package dogdorm.dealer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void a_store_url_gives_the_server_database_and_user() {
        PostgresUrl u = PostgresUrl.parse("postgresql://dogdorm@db.example:6543/monitor");
        assertEquals(new PostgresUrl("dogdorm", "db.example", 6543, "monitor"), u);
        assertEquals("jdbc:postgresql://db.example:6543/monitor", u.jdbcUrl());
        assertEquals(5432, PostgresUrl.parse("postgresql://d@127.0.0.1/x").port());
        assertEquals("[::1]", PostgresUrl.parse("postgresql://d@[::1]:5433/x").host());
        assertEquals("postgresql://dogdorm@db.example:6543/monitor", u.toString());
    }

    @Test
    void a_password_in_the_url_is_refused_without_repeating_it_and_other_mistakes_are_named() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://dogdorm:hunter2@db.example/monitor"));
        assertTrue(e.getMessage().contains("a password in the URL is refused"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertTrue(reason("postgresql://db.example/monitor").contains("no user"));
        assertTrue(reason("postgresql://d@db.example/").contains("no database name"));
        assertTrue(reason("postgresql://d@db.example/a?ssl=true").contains("query parameters"));
        assertTrue(reason("mysql://d@db.example/a").contains("only postgresql://"));
        assertTrue(reason("postgresql://d@/a").contains("no host"));
    }

    private static String reason(String url) {
        return assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(url)).getMessage();
    }
}
