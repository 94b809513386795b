package dogdorm.common.cli;

import dogdorm.common.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Lets picocli options take the project's duration syntax ({@code 30s}, {@code 1h30m}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
