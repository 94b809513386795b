package dogdorm.dealer.testkit;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that keeps what it is given, for tests of what a class logs: every level on. */
public final class LogLines extends LegacyAbstractLogger {
    /** One logged line: its level, its text with the arguments put in, and the throwable given with it. */
    public record Line(Level level, String text, Throwable thrown) {}

    private final List<Line> lines = new ArrayList<>();

    public LogLines() {
        this.name = "test";
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String format,
                                                            Object[] args, Throwable thrown) {
        lines.add(new Line(level, MessageFormatter.basicArrayFormat(format, args), thrown));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
