package dogdorm.dealer.view;

import dogdorm.dealer.ranking.UptimeBucket;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts drawn on the server. They are built from numbers only (never from text that came from a file
 * or the network), so pages may include them unescaped.
 */
public final class Charts {
    private Charts() {}

    static String colour(Double pct) {
        if (pct == null) return "#d1d5db";
        if (pct >= 99.5) return "#15803d";
        if (pct >= 95) return "#65a30d";
        if (pct >= 80) return "#d97706";
        return "#b91c1c";
    }

    /** 24 bars, one per hour, oldest first; height and colour show that hour's uptime; grey = no checks. */
    public static String sparkline(Double[] hours) {
        int w = 3, gap = 1, h = 16;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"spark\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"uptime per hour, last 24 hours\">", hours.length * (w + gap), h,
                hours.length * (w + gap), h));
        for (int i = 0; i < hours.length; i++) {
            Double p = hours[i];
            int bar = p == null ? 2 : Math.max(2, (int) Math.round(h * p / 100.0));
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                    i * (w + gap), h - bar, w, bar, colour(p)));
        }
        return b.append("</svg>").toString();
    }

    /**
     * The periods a chart covers, {@code first} and {@code count}, ending at {@code last}. A target with checks
     * all the way back gets {@code most} periods; a new one only those since its first checks, but at least
     * {@code least}, so an hour of data is a bar one can see rather than a sliver at the edge of a week.
     * {@code collecting} says whether the data starts inside the window (a new target).
     */
    public record Window(long first, int count, boolean collecting) {}

    public static Window window(List<UptimeBucket> buckets, long last, int most, int least) {
        long earliest = Long.MAX_VALUE;
        for (UptimeBucket b : buckets) {
            if (b.checks() > 0 && b.period() <= last && b.period() > last - most) {
                earliest = Math.min(earliest, b.period());
            }
        }
        if (earliest == Long.MAX_VALUE || earliest == last - most + 1) {
            return new Window(last - most + 1, most, false); // nothing to show yet, or data all the way back
        }
        int count = (int) Math.max(least, last - earliest + 1);
        return new Window(last - count + 1, count, true);
    }

    /**
     * One bar per day over {@code days} days from {@code firstDay} (epoch days, oldest first), coloured by that day's
     * uptime (grey: no checks), each with its date and figures on hover. It stretches to the width of its box.
     */
    public static String days(List<UptimeBucket> buckets, long firstDay, int days) {
        UptimeBucket[] byDay = new UptimeBucket[days];
        for (UptimeBucket bk : buckets) {
            int i = (int) (bk.period() - firstDay);
            if (i >= 0 && i < days) {
                byDay[i] = bk;
            }
        }
        int w = 4, gap = 1, h = 28;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"uptime-days\" width=\"100%%\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"uptime per day, "
                + "last %d days\">", h, days * (w + gap) - gap, h, days));
        for (int i = 0; i < days; i++) {
            UptimeBucket bk = byDay[i];
            Double pct = bk == null ? null : bk.uptimePct();
            String what = pct == null ? "no checks" : String.format(Locale.ROOT, "%s up, %d check%s",
                    Format.percent(pct), bk.checks(), bk.checks() == 1 ? "" : "s");
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" rx=\"1\" "
                    + "fill=\"%s\"><title>%s: %s</title></rect>", i * (w + gap), w, h, colour(pct),
                    LocalDate.ofEpochDay(firstDay + i), what));
        }
        return b.append("</svg>").toString();
    }

    /**
     * Uptime bars and a mean-latency line over consecutive periods (hours or days), oldest first. Periods without
     * a bucket stay empty.
     */
    public static String history(List<UptimeBucket> buckets, long firstPeriod, int periods, String unit) {
        int width = 720, height = 160, top = 10, bottom = 20, left = 44;
        int plotH = height - top - bottom;
        double slot = (double) (width - left) / periods;
        double maxLatency = 0;
        UptimeBucket[] byPeriod = new UptimeBucket[periods];
        for (UptimeBucket bk : buckets) {
            int i = (int) (bk.period() - firstPeriod);
            if (i >= 0 && i < periods) {
                byPeriod[i] = bk;
                Double l = bk.latencyMeanMs();
                if (l != null) maxLatency = Math.max(maxLatency, l);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"uptime and latency per %s\">", width, height, width, height, unit));
        b.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                + "fill=\"#f9fafb\" stroke=\"#e5e7eb\"/>", left, top, width - left, plotH));
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"2\" y=\"%d\" font-size=\"10\" "
                + "fill=\"#6b7280\">100%%</text>", top + 8));
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"2\" y=\"%d\" font-size=\"10\" "
                + "fill=\"#6b7280\">0%%</text>", top + plotH));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < periods; i++) {
            UptimeBucket bk = byPeriod[i];
            if (bk == null || bk.checks() == 0) continue;
            double pct = bk.uptimePct();
            double bh = Math.max(1, plotH * pct / 100.0);
            b.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\" fill=\"%s\" opacity=\"0.8\"><title>%s %d: %.1f%% of %d checks</title></rect>",
                    left + i * slot, top + plotH - bh, Math.max(1, slot - 1), bh, colour(pct), unit, i - periods + 1,
                    pct, bk.checks()));
            Double l = bk.latencyMeanMs();
            if (l != null && maxLatency > 0) {
                line.append(line.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        left + i * slot + slot / 2, top + plotH - plotH * 0.9 * l / maxLatency));
            }
        }
        if (!line.isEmpty()) {
            b.append("<path class=\"latency\" d=\"").append(line).append("\" fill=\"none\" stroke=\"#1d4ed8\" "
                    + "stroke-width=\"1.5\"/>");
            b.append(String.format(Locale.ROOT, "<text class=\"latency-label\" x=\"%d\" y=\"%d\" font-size=\"10\" "
                    + "fill=\"#1d4ed8\">latency, max %s</text>", left + 4, height - 5, Format.millis(maxLatency)));
        }
        return b.append("</svg>").toString();
    }
}
