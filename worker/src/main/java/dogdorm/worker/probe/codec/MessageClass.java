package dogdorm.worker.probe.codec;

/** The two class bits of a STUN message type (RFC 8489 §5). */
public enum MessageClass {
    REQUEST(0x0000, "request"),
    INDICATION(0x0010, "indication"),
    SUCCESS_RESPONSE(0x0100, "success response"),
    ERROR_RESPONSE(0x0110, "error response");

    static final int MASK = 0x0110;

    private final int bits;
    private final String text;

    MessageClass(int bits, String text) {
        this.bits = bits;
        this.text = text;
    }

    int bits() {
        return bits;
    }

    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    static MessageClass ofType(int type) {
        return switch (type & MASK) {
            case 0x0000 -> REQUEST;
            case 0x0010 -> INDICATION;
            case 0x0100 -> SUCCESS_RESPONSE;
            default -> ERROR_RESPONSE;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
