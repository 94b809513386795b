package dogdorm.worker.probe.codec;

/** STUN and TURN method numbers (RFC 8489 §18.2, RFC 8656 §17) and the 14-bit message type they map to. */
public final class StunMethod {
    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    /** The largest method number: 12 bits. */
    public static final int MAX = 0xFFF;

    private StunMethod() {}

    /** The message type of a method and class: the method's bits M0..M11 with the class bits C0, C1 in between. */
    public static int messageType(int method, MessageClass messageClass) {
        if (method < 0 || method > MAX) {
            throw new IllegalArgumentException("method 0x" + Integer.toHexString(method) + " is not 12 bits");
        }
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | messageClass.bits();
    }

    /** The method encoded in a 14-bit message type. */
    public static int ofType(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    public static String name(int method) {
        return switch (method) {
            case BINDING -> "Binding";
            case ALLOCATE -> "Allocate";
            case REFRESH -> "Refresh";
            case SEND -> "Send";
            case DATA -> "Data";
            case CREATE_PERMISSION -> "CreatePermission";
            case CHANNEL_BIND -> "ChannelBind";
            default -> String.format("method 0x%03x", method);
        };
    }
}
