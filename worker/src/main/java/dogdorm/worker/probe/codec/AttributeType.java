package dogdorm.worker.probe.codec;

import java.util.Map;

/**
 * STUN attribute type numbers (RFC 3489, 5389/8489, 5766/8656, 5780, 6062, 8445), their names, and which ones
 * this codec knows. Types below 0x8000 are comprehension-required: a message carrying one this codec does not
 * know is refused (RFC 8489 §7.3.3 and §7.3.4).
 */
public final class AttributeType {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int RESPONSE_ADDRESS = 0x0002;
    public static final int CHANGE_REQUEST = 0x0003;
    public static final int SOURCE_ADDRESS = 0x0004;
    public static final int CHANGED_ADDRESS = 0x0005;
    public static final int USERNAME = 0x0006;
    public static final int PASSWORD = 0x0007;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REFLECTED_FROM = 0x000B;
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int EVEN_PORT = 0x0018;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001A;
    public static final int ACCESS_TOKEN = 0x001B;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int PASSWORD_ALGORITHM = 0x001D;
    public static final int USERHASH = 0x001E;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int RESERVATION_TOKEN = 0x0022;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int PADDING = 0x0026;
    public static final int RESPONSE_PORT = 0x0027;
    public static final int CONNECTION_ID = 0x002A;
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    public static final int ADDRESS_ERROR_CODE = 0x8001;
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    public static final int ALTERNATE_DOMAIN = 0x8003;
    public static final int ICMP = 0x8004;
    /** The XOR-MAPPED-ADDRESS number of the drafts between RFC 3489 and 5389; some old servers still send it. */
    public static final int XOR_MAPPED_ADDRESS_DRAFT = 0x8020;
    public static final int SOFTWARE = 0x8022;
    public static final int ALTERNATE_SERVER = 0x8023;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;
    public static final int RESPONSE_ORIGIN = 0x802B;
    public static final int OTHER_ADDRESS = 0x802C;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(MAPPED_ADDRESS, "MAPPED-ADDRESS"),
            Map.entry(RESPONSE_ADDRESS, "RESPONSE-ADDRESS"),
            Map.entry(CHANGE_REQUEST, "CHANGE-REQUEST"),
            Map.entry(SOURCE_ADDRESS, "SOURCE-ADDRESS"),
            Map.entry(CHANGED_ADDRESS, "CHANGED-ADDRESS"),
            Map.entry(USERNAME, "USERNAME"),
            Map.entry(PASSWORD, "PASSWORD"),
            Map.entry(MESSAGE_INTEGRITY, "MESSAGE-INTEGRITY"),
            Map.entry(ERROR_CODE, "ERROR-CODE"),
            Map.entry(UNKNOWN_ATTRIBUTES, "UNKNOWN-ATTRIBUTES"),
            Map.entry(REFLECTED_FROM, "REFLECTED-FROM"),
            Map.entry(CHANNEL_NUMBER, "CHANNEL-NUMBER"),
            Map.entry(LIFETIME, "LIFETIME"),
            Map.entry(XOR_PEER_ADDRESS, "XOR-PEER-ADDRESS"),
            Map.entry(DATA, "DATA"),
            Map.entry(REALM, "REALM"),
            Map.entry(NONCE, "NONCE"),
            Map.entry(XOR_RELAYED_ADDRESS, "XOR-RELAYED-ADDRESS"),
            Map.entry(REQUESTED_ADDRESS_FAMILY, "REQUESTED-ADDRESS-FAMILY"),
            Map.entry(EVEN_PORT, "EVEN-PORT"),
            Map.entry(REQUESTED_TRANSPORT, "REQUESTED-TRANSPORT"),
            Map.entry(DONT_FRAGMENT, "DONT-FRAGMENT"),
            Map.entry(ACCESS_TOKEN, "ACCESS-TOKEN"),
            Map.entry(MESSAGE_INTEGRITY_SHA256, "MESSAGE-INTEGRITY-SHA256"),
            Map.entry(PASSWORD_ALGORITHM, "PASSWORD-ALGORITHM"),
            Map.entry(USERHASH, "USERHASH"),
            Map.entry(XOR_MAPPED_ADDRESS, "XOR-MAPPED-ADDRESS"),
            Map.entry(RESERVATION_TOKEN, "RESERVATION-TOKEN"),
            Map.entry(PRIORITY, "PRIORITY"),
            Map.entry(USE_CANDIDATE, "USE-CANDIDATE"),
            Map.entry(PADDING, "PADDING"),
            Map.entry(RESPONSE_PORT, "RESPONSE-PORT"),
            Map.entry(CONNECTION_ID, "CONNECTION-ID"),
            Map.entry(ADDITIONAL_ADDRESS_FAMILY, "ADDITIONAL-ADDRESS-FAMILY"),
            Map.entry(ADDRESS_ERROR_CODE, "ADDRESS-ERROR-CODE"),
            Map.entry(PASSWORD_ALGORITHMS, "PASSWORD-ALGORITHMS"),
            Map.entry(ALTERNATE_DOMAIN, "ALTERNATE-DOMAIN"),
            Map.entry(ICMP, "ICMP"),
            Map.entry(XOR_MAPPED_ADDRESS_DRAFT, "XOR-MAPPED-ADDRESS(draft)"),
            Map.entry(SOFTWARE, "SOFTWARE"),
            Map.entry(ALTERNATE_SERVER, "ALTERNATE-SERVER"),
            Map.entry(FINGERPRINT, "FINGERPRINT"),
            Map.entry(ICE_CONTROLLED, "ICE-CONTROLLED"),
            Map.entry(ICE_CONTROLLING, "ICE-CONTROLLING"),
            Map.entry(RESPONSE_ORIGIN, "RESPONSE-ORIGIN"),
            Map.entry(OTHER_ADDRESS, "OTHER-ADDRESS"));

    private AttributeType() {}

    /** "XOR-MAPPED-ADDRESS", or "0x7777" for a type this codec does not know. */
    public static String name(int type) {
        String n = NAMES.get(type);
        return n != null ? n : String.format("0x%04x", type);
    }

    public static boolean isKnown(int type) {
        return NAMES.containsKey(type);
    }

    /** Types 0x0000-0x7FFF: an agent that does not understand one must not process the message. */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** The attributes whose value is a (possibly XOR-ed) transport address. */
    public static boolean isAddress(int type) {
        return switch (type) {
            case MAPPED_ADDRESS, RESPONSE_ADDRESS, SOURCE_ADDRESS, CHANGED_ADDRESS, REFLECTED_FROM, XOR_PEER_ADDRESS,
                 XOR_RELAYED_ADDRESS, XOR_MAPPED_ADDRESS, XOR_MAPPED_ADDRESS_DRAFT, ALTERNATE_SERVER,
                 RESPONSE_ORIGIN, OTHER_ADDRESS -> true;
            default -> false;
        };
    }

    /** The address attributes whose value is XOR-ed with the magic cookie and transaction id. */
    public static boolean isXorAddress(int type) {
        return switch (type) {
            case XOR_PEER_ADDRESS, XOR_RELAYED_ADDRESS, XOR_MAPPED_ADDRESS, XOR_MAPPED_ADDRESS_DRAFT -> true;
            default -> false;
        };
    }

    /** The attributes whose value is text (UTF-8), and the most bytes each may hold. 0 when not text. */
    static int maxTextBytes(int type) {
        return switch (type) {
            case USERNAME -> 513;
            case REALM, NONCE, SOFTWARE, ALTERNATE_DOMAIN -> 763;
            default -> 0;
        };
    }
}
