package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.longOrNull;
import static dogdorm.dealer.store.jdbc.Jdbc.query;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import dogdorm.dealer.maintenance.Scope;
import dogdorm.dealer.maintenance.Times;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.WindowSpec;
import dogdorm.dealer.maintenance.Windows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code maintenance_windows} table ({@code V017__maintenance_windows.sql}): a window as one row; a one-off one
 * fills {@code starts_at} and {@code ends_at}, a weekly one {@code days}, {@code start_time} and
 * {@code duration_ms}; its scope is one of {@code target_id}, {@code list_file} and {@code tag} (V019).
 */
final class MaintenanceRows {
    private static final String UPSERT = """
            INSERT INTO maintenance_windows (id, name, target_id, list_file, starts_at, ends_at, days, start_time,
                duration_ms, tz, created, tag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, target_id = excluded.target_id,
                list_file = excluded.list_file, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                days = excluded.days, start_time = excluded.start_time, duration_ms = excluded.duration_ms,
                tz = excluded.tz, tag = excluded.tag""";

    private MaintenanceRows() {}

    static Windows.Stored load(Connection c) throws SQLException {
        List<Window> windows = query(c, "SELECT * FROM maintenance_windows ORDER BY id", MaintenanceRows::window);
        long last = Meta.read(c).getOrDefault("last_maintenance_id", 0L);
        for (Window w : windows) {
            last = Math.max(last, w.id());
        }
        return new Windows.Stored(windows, last);
    }

    /** As stored: a time zone or day this JDK does not know is an error, not a default. */
    private static Window window(ResultSet rs) throws SQLException {
        Long target = longOrNull(rs, "target_id");
        Scope scope = new Scope(target, rs.getString("list_file"), rs.getString("tag"));
        ZoneId zone = ZoneId.of(rs.getString("tz"));
        String days = rs.getString("days");
        Times times;
        if (days == null) {
            times = new Times.Once(instant(rs, "starts_at"), instant(rs, "ends_at"), zone);
        } else {
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (String d : days.split(",")) {
                set.add(WindowSpec.days(List.of(d)).iterator().next());
            }
            times = new Times.Weekly(set, LocalTime.parse(rs.getString("start_time")),
                    Duration.ofMillis(rs.getLong("duration_ms")), zone);
        }
        return new Window(rs.getLong("id"), rs.getString("name"), scope, times, instant(rs, "created"));
    }

    static void save(Connection c, Window w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setLong(1, w.id());
            ps.setString(2, w.name());
            setLong(ps, 3, w.scope().target());
            ps.setString(4, w.scope().list());
            switch (w.times()) {
                case Times.Once o -> {
                    ps.setLong(5, o.start().toEpochMilli());
                    ps.setLong(6, o.end().toEpochMilli());
                    ps.setNull(7, Types.VARCHAR);
                    ps.setNull(8, Types.VARCHAR);
                    ps.setNull(9, Types.INTEGER);
                }
                case Times.Weekly k -> {
                    ps.setNull(5, Types.INTEGER);
                    ps.setNull(6, Types.INTEGER);
                    ps.setString(7, k.days().stream().map(WindowSpec::dayName).collect(Collectors.joining(",")));
                    ps.setString(8, k.time().toString());
                    ps.setLong(9, k.duration().toMillis());
                }
            }
            ps.setString(10, w.times().zone().getId());
            ps.setLong(11, w.created().toEpochMilli());
            ps.setString(12, w.scope().tag());
            ps.executeUpdate();
        }
        Meta.raise(c, Map.of("last_maintenance_id", w.id()));
    }

    static boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM maintenance_windows WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }
}
