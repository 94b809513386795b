package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.query;

import dogdorm.dealer.ranking.UptimeBucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Uptime history ({@code V003__uptime.sql}): hourly buckets that deltas add to, folded into days when old. */
final class UptimeRows {
    private static final String ADD_HOURLY = """
            INSERT INTO uptime_hourly (target_id, hour, up, down, latency_sum, latency_n) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (target_id, hour) DO UPDATE SET up = uptime_hourly.up + excluded.up,
                down = uptime_hourly.down + excluded.down,
                latency_sum = uptime_hourly.latency_sum + excluded.latency_sum,
                latency_n = uptime_hourly.latency_n + excluded.latency_n
            """;

    /** Ids per {@code IN (...)} list: well under what SQLite and PostgreSQL bind in one statement. */
    private static final int IN_CHUNK = 500;

    private UptimeRows() {}

    static void add(Connection c, Collection<UptimeBucket> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(ADD_HOURLY)) {
            for (UptimeBucket d : deltas) {
                ps.setLong(1, d.targetId());
                ps.setLong(2, d.period());
                ps.setLong(3, d.up());
                ps.setLong(4, d.down());
                ps.setDouble(5, d.latencySumMs());
                ps.setLong(6, d.latencyN());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Map<Long, long[]> totals(Connection c, long fromHour) throws SQLException {
        Map<Long, long[]> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT target_id, sum(up), sum(down) FROM uptime_hourly WHERE hour >= ? GROUP BY target_id")) {
            ps.setLong(1, fromHour);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    static Map<Long, List<UptimeBucket>> hourlySince(Connection c, long fromHour) throws SQLException {
        Map<Long, List<UptimeBucket>> out = new HashMap<>();
        for (UptimeBucket b : buckets(c, "SELECT target_id, hour, up, down, latency_sum, latency_n FROM uptime_hourly "
                + "WHERE hour >= ? ORDER BY target_id, hour", fromHour)) {
            out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
        }
        return out;
    }

    static List<UptimeBucket> hourly(Connection c, long targetId, long fromHour) throws SQLException {
        return buckets(c, "SELECT target_id, hour, up, down, latency_sum, latency_n FROM uptime_hourly "
                + "WHERE target_id = ? AND hour >= ? ORDER BY hour", targetId, fromHour);
    }

    static List<UptimeBucket> daily(Connection c, long targetId, long fromDay) throws SQLException {
        return buckets(c, "SELECT target_id, day, up, down, latency_sum, latency_n FROM uptime_daily "
                + "WHERE target_id = ? AND day >= ? ORDER BY day", targetId, fromDay);
    }

    /** Some targets' days from {@code fromDay} on: the daily rows and the hourly ones summed into their days. */
    static Map<Long, List<UptimeBucket>> dailySince(Connection c, Collection<Long> targetIds, long fromDay)
            throws SQLException {
        Map<Long, List<UptimeBucket>> out = new HashMap<>();
        List<Long> ids = List.copyOf(new TreeSet<>(targetIds));
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String in = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            List<Object> args = new ArrayList<>(chunk);
            args.add(fromDay * 24);
            args.addAll(chunk);
            args.add(fromDay);
            // one statement: a roll-up between two reads could count an hour in both tables
            for (UptimeBucket b : buckets(c, "SELECT target_id, day, sum(up), sum(down), sum(latency_sum), "
                    + "sum(latency_n) FROM (SELECT target_id, hour / 24 AS day, up, down, latency_sum, latency_n "
                    + "FROM uptime_hourly WHERE target_id IN (" + in + ") AND hour >= ? UNION ALL "
                    + "SELECT target_id, day, up, down, latency_sum, latency_n FROM uptime_daily "
                    + "WHERE target_id IN (" + in + ") AND day >= ?) AS b GROUP BY target_id, day "
                    + "ORDER BY target_id, day", args.toArray())) {
                out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
            }
        }
        return out;
    }

    private static List<UptimeBucket> buckets(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, rs -> new UptimeBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getDouble(5), rs.getLong(6)), args);
    }

    /** Folds hours before {@code beforeHour} into days and drops days before {@code dropBeforeDay}. */
    static int rollUp(Connection c, long beforeHour, long dropBeforeDay) throws SQLException {
        try (PreparedStatement fold = c.prepareStatement("""
                 INSERT INTO uptime_daily (target_id, day, up, down, latency_sum, latency_n)
                 SELECT target_id, hour / 24, sum(up), sum(down), sum(latency_sum), sum(latency_n)
                 FROM uptime_hourly WHERE hour < ? GROUP BY target_id, hour / 24
                 ON CONFLICT (target_id, day) DO UPDATE SET up = uptime_daily.up + excluded.up,
                     down = uptime_daily.down + excluded.down,
                     latency_sum = uptime_daily.latency_sum + excluded.latency_sum,
                     latency_n = uptime_daily.latency_n + excluded.latency_n""");
             PreparedStatement drop = c.prepareStatement("DELETE FROM uptime_hourly WHERE hour < ?");
             PreparedStatement dropDays = c.prepareStatement("DELETE FROM uptime_daily WHERE day < ?")) {
            fold.setLong(1, beforeHour);
            fold.executeUpdate();
            drop.setLong(1, beforeHour);
            int folded = drop.executeUpdate();
            dropDays.setLong(1, dropBeforeDay);
            dropDays.executeUpdate();
            return folded;
        }
    }
}
