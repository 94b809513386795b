package dogdorm.common.wire;

/** Small validation helpers for the compact constructors of wire records: each failure names the field. */
public final class Check {
    private Check() {}

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": missing or blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + ": longer than " + maxLength + " characters");
        }
        return value;
    }

    public static String optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new IllegalArgumentException(field + ": longer than " + maxLength + " characters");
        }
        return value;
    }

    public static int range(Integer value, String field, int min, int max) {
        present(value, field);
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public static int family(Integer value, String field) {
        present(value, field);
        if (value != 4 && value != 6) {
            throw new IllegalArgumentException(field + ": " + value + " is not an address family (4 or 6)");
        }
        return value;
    }
}
