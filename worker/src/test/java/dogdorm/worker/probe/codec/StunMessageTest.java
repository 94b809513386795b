package dogdorm.worker.probe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class StunMessageTest {

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    // ------------------------------------------------------------------------------------------ RFC 5769 vectors

    @Test
    void rfc5769_sample_request_decodes_and_its_integrity_checks_with_the_short_term_password() throws Exception {
        StunMessage m = StunMessage.decode(Rfc5769.SAMPLE_REQUEST); // checks the FINGERPRINT too
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(MessageClass.REQUEST, m.messageClass());
        assertEquals("b7e7a701bc34d686fa87dfae", m.transactionId().toString());
        assertEquals("STUN test client", m.text(AttributeType.SOFTWARE).orElseThrow().text());
        assertEquals("evtj:h6vY", m.text(AttributeType.USERNAME).orElseThrow().text());
        assertEquals(new StunAttribute.Fingerprint(0xe57a3bcf), m.attribute(AttributeType.FINGERPRINT).orElseThrow());
        assertTrue(m.verifyIntegrity(IntegrityKey.shortTerm(Rfc5769.PASSWORD)));
        assertFalse(m.verifyIntegrity(IntegrityKey.shortTerm("not the password")));
    }

    @Test
    void rfc5769_ipv4_response_decodes_to_its_xor_mapped_address() throws Exception {
        StunMessage m = StunMessage.decode(Rfc5769.SAMPLE_IPV4_RESPONSE);
        assertEquals(MessageClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(at("192.0.2.1", 32853), m.mappedAddress().orElseThrow());
        assertEquals("test vector", m.text(AttributeType.SOFTWARE).orElseThrow().text());
        assertTrue(m.verifyIntegrity(IntegrityKey.shortTerm(Rfc5769.PASSWORD)));
    }

    @Test
    void rfc5769_ipv6_response_decodes_to_its_xor_mapped_address() throws Exception {
        StunMessage m = StunMessage.decode(Rfc5769.SAMPLE_IPV6_RESPONSE);
        assertEquals(at("2001:db8:1234:5678:11:2233:4455:6677", 32853), m.mappedAddress().orElseThrow());
        assertTrue(m.verifyIntegrity(IntegrityKey.shortTerm(Rfc5769.PASSWORD)));
    }

    @Test
    void rfc5769_long_term_request_checks_under_md5_of_user_realm_password() throws Exception {
        StunMessage m = StunMessage.decode(Rfc5769.SAMPLE_LONG_TERM_REQUEST);
        assertEquals(Rfc5769.LONG_TERM_USERNAME, m.text(AttributeType.USERNAME).orElseThrow().text());
        assertEquals(Rfc5769.LONG_TERM_REALM, m.text(AttributeType.REALM).orElseThrow().text());
        assertEquals(Rfc5769.LONG_TERM_NONCE, m.text(AttributeType.NONCE).orElseThrow().text());
        assertTrue(m.verifyIntegrity(IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.LONG_TERM_REALM,
                Rfc5769.LONG_TERM_PASSWORD)));
        assertFalse(m.verifyIntegrity(IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.LONG_TERM_REALM,
                "TheMatrix")));
    }

    @Test
    void builder_reproduces_the_rfc5769_long_term_request_byte_for_byte() {
        // this vector pads with zeros, as the builder does, so MESSAGE-INTEGRITY (and its length rule) must match
        byte[] want = Rfc5769.SAMPLE_LONG_TERM_REQUEST;
        TransactionId id = TransactionId.of(Arrays.copyOfRange(want, 8, 20));
        StunMessage built = StunMessage.builder(StunMethod.BINDING, MessageClass.REQUEST, id)
                .add(StunAttribute.Text.of(AttributeType.USERNAME, Rfc5769.LONG_TERM_USERNAME))
                .add(StunAttribute.Text.of(AttributeType.NONCE, Rfc5769.LONG_TERM_NONCE))
                .add(StunAttribute.Text.of(AttributeType.REALM, Rfc5769.LONG_TERM_REALM))
                .integrity(IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.LONG_TERM_REALM,
                        Rfc5769.LONG_TERM_PASSWORD))
                .build();
        assertArrayEquals(want, built.bytes());
    }

    @Test
    void builder_computes_the_rfc5769_fingerprint_for_the_same_content() throws Exception {
        // §2.2 without its FINGERPRINT: the builder must append exactly the RFC's c07d4c96
        byte[] vector = Rfc5769.SAMPLE_IPV4_RESPONSE;
        StunMessage decoded = StunMessage.decode(vector);
        StunMessage.Builder b = StunMessage.builder(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE,
                decoded.transactionId());
        b.add(decoded.address(AttributeType.XOR_MAPPED_ADDRESS).map(
                a -> new StunAttribute.Address(AttributeType.XOR_MAPPED_ADDRESS, a)).orElseThrow());
        StunMessage built = b.fingerprint().build();
        // and the CRC-32 rule itself, on the vector's own bytes: crc32(message before FINGERPRINT) xor 0x5354554e
        CRC32 crc = new CRC32();
        crc.update(vector, 0, vector.length - 8);
        assertEquals(0xc07d4c96, (int) crc.getValue() ^ 0x5354554e);
        assertEquals(StunMessage.decode(built.bytes()).attribute(AttributeType.FINGERPRINT), built.attribute(
                AttributeType.FINGERPRINT));
    }

    // ------------------------------------------------------------------------------------------ round trips

    @Test
    void message_types_interleave_method_and_class_bits_as_the_rfcs_list_them() {
        assertEquals(0x0001, StunMethod.messageType(StunMethod.BINDING, MessageClass.REQUEST));
        assertEquals(0x0101, StunMethod.messageType(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE));
        assertEquals(0x0111, StunMethod.messageType(StunMethod.BINDING, MessageClass.ERROR_RESPONSE));
        assertEquals(0x0003, StunMethod.messageType(StunMethod.ALLOCATE, MessageClass.REQUEST));
        assertEquals(0x0113, StunMethod.messageType(StunMethod.ALLOCATE, MessageClass.ERROR_RESPONSE));
        assertEquals(0x0104, StunMethod.messageType(StunMethod.REFRESH, MessageClass.SUCCESS_RESPONSE));
        assertEquals(0x0016, StunMethod.messageType(StunMethod.SEND, MessageClass.INDICATION));
        assertEquals(0x0108, StunMethod.messageType(StunMethod.CREATE_PERMISSION, MessageClass.SUCCESS_RESPONSE));
        for (int method : new int[] {1, 3, 4, 8, 9, 0x0FFF, 0x0ABC}) {
            for (MessageClass c : MessageClass.values()) {
                int type = StunMethod.messageType(method, c);
                assertEquals(method, StunMethod.ofType(type));
                assertEquals(c, MessageClass.ofType(type));
            }
        }
    }

    @Test
    void every_attribute_survives_a_round_trip_with_integrity_and_fingerprint() throws Exception {
        List<StunAttribute> attrs = List.of(
                new StunAttribute.Address(AttributeType.MAPPED_ADDRESS, at("192.0.2.7", 3478)),
                new StunAttribute.Address(AttributeType.XOR_MAPPED_ADDRESS, at("203.0.113.9", 51000)),
                new StunAttribute.Address(AttributeType.XOR_MAPPED_ADDRESS_DRAFT, at("2001:db8::9", 1)),
                new StunAttribute.Address(AttributeType.XOR_RELAYED_ADDRESS, at("2001:db8::1", 49152)),
                new StunAttribute.Address(AttributeType.XOR_PEER_ADDRESS, at("198.51.100.1", 0)),
                new StunAttribute.Address(AttributeType.CHANGED_ADDRESS, at("192.0.2.8", 3479)),
                new StunAttribute.Address(AttributeType.SOURCE_ADDRESS, at("192.0.2.7", 3478)),
                new StunAttribute.Address(AttributeType.OTHER_ADDRESS, at("2001:db8::2", 3479)),
                new StunAttribute.Address(AttributeType.RESPONSE_ORIGIN, at("192.0.2.7", 3478)),
                new StunAttribute.ChangeRequest(true, false),
                StunAttribute.Text.of(AttributeType.SOFTWARE, "dogdorm \u00e9"),
                StunAttribute.Text.of(AttributeType.REALM, "example.org"),
                StunAttribute.Text.of(AttributeType.NONCE, "abc"),
                StunAttribute.Text.of(AttributeType.USERNAME, "user"),
                new StunAttribute.ErrorCode(438, "Stale Nonce"),
                new StunAttribute.Lifetime(0xFFFF_FFFFL),
                new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP),
                new StunAttribute.RequestedAddressFamily(6),
                new StunAttribute.UnknownAttributes(List.of(0x0003, 0x7777)),
                new StunAttribute.Opaque(AttributeType.PRIORITY, new byte[] {1, 2, 3, 4}),
                new StunAttribute.Opaque(0xC001, new byte[] {9}));
        StunMessage.Builder b = StunMessage.builder(StunMethod.ALLOCATE, MessageClass.ERROR_RESPONSE, TransactionId.random());
        attrs.forEach(b::add);
        IntegrityKey key = IntegrityKey.longTerm("user", "example.org", "pass");
        StunMessage built = b.integrity(key).fingerprint().build();

        StunMessage decoded = StunMessage.decode(built.bytes());
        assertEquals(attrs, decoded.attributes().subList(0, attrs.size()));
        assertEquals(built.attributes(), decoded.attributes());
        assertEquals(built.transactionId(), decoded.transactionId());
        assertEquals(StunMethod.ALLOCATE, decoded.method());
        assertEquals(MessageClass.ERROR_RESPONSE, decoded.messageClass());
        assertTrue(decoded.verifyIntegrity(key));
        assertFalse(decoded.verifyIntegrity(IntegrityKey.longTerm("user", "example.org", "wrong")));
        assertEquals(at("203.0.113.9", 51000), decoded.mappedAddress().orElseThrow());
    }

    @Test
    void classic_request_has_no_cookie_and_a_128_bit_id_that_round_trips() throws Exception {
        StunMessage req = StunMessage.classicRequest(StunMethod.BINDING)
                .add(new StunAttribute.ChangeRequest(true, true)).build();
        byte[] bytes = req.bytes();
        assertEquals(28, bytes.length);
        assertFalse(StunMessage.startsWithCookie(bytes, 4));
        StunMessage back = StunMessage.decode(bytes);
        assertTrue(back.isClassic());
        assertEquals(req.transactionId(), back.transactionId());
        assertEquals(new StunAttribute.ChangeRequest(true, true), back.attribute(AttributeType.CHANGE_REQUEST).orElseThrow());
        assertEquals(List.of(0, 0, 0, 6), List.of((int) bytes[24], (int) bytes[25], (int) bytes[26], (int) bytes[27]));
    }

    @Test
    void classic_messages_refuse_rfc5389_integrity_and_fingerprint() {
        assertThrows(IllegalStateException.class,
                () -> StunMessage.classicRequest(StunMethod.BINDING).fingerprint().build());
    }

    @Test
    void attributes_after_message_integrity_other_than_fingerprint_are_ignored() throws Exception {
        StunMessage signed = StunMessage.request(StunMethod.BINDING).integrity(IntegrityKey.shortTerm("k")).build();
        byte[] extra = concat(signed.bytes(), Rfc5769.hex("80 22 00 04 61 62 63 64"));
        StunMessage.writeShort(extra, 2, extra.length - 20);
        StunMessage m = StunMessage.decode(extra);
        assertTrue(m.attribute(AttributeType.SOFTWARE).isEmpty());
        assertTrue(m.hasIntegrity());
    }

    @Test
    void long_term_key_never_prints_itself() {
        assertEquals("IntegrityKey(redacted)", IntegrityKey.longTerm("u", "r", "hunter2").toString());
    }

    // ------------------------------------------------------------------------------------------ hostile input

    private static String refusal(byte[] bytes) {
        return assertThrows(StunException.class, () -> StunMessage.decode(bytes)).getMessage();
    }

    private static void assertRefused(byte[] bytes, String because) {
        String why = refusal(bytes);
        assertTrue(why.contains(because), "expected '" + because + "' in: " + why);
    }

    private static byte[] header(int type, int length, int extra) {
        byte[] b = new byte[20 + extra];
        StunMessage.writeShort(b, 0, type);
        StunMessage.writeShort(b, 2, length);
        StunMessage.writeInt(b, 4, StunMessage.MAGIC_COOKIE);
        return b;
    }

    private static byte[] withAttribute(int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        byte[] b = header(0x0101, 4 + padded, 4 + padded);
        StunMessage.writeShort(b, 20, type);
        StunMessage.writeShort(b, 22, value.length);
        System.arraycopy(value, 0, b, 24, value.length);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fewer_than_twenty_bytes_are_a_truncated_header() {
        assertRefused(new byte[0], "truncated: 0 bytes");
        assertRefused(new byte[19], "truncated: 19 bytes");
    }

    @Test
    void top_bits_set_in_the_type_are_not_stun() {
        assertRefused(header(0xC001, 0, 0), "not STUN");
        assertRefused("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "not STUN");
    }

    @Test
    void length_that_is_not_a_multiple_of_four_is_refused() {
        assertRefused(header(0x0101, 2, 2), "truncated: attribute header at offset 20 has only 2 bytes");
    }

    @Test
    void length_longer_than_the_datagram_is_truncated() {
        assertRefused(header(0x0101, 40, 12), "truncated: header says 40 bytes of attributes, 12 present");
        byte[] cut = Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 60);
        assertRefused(cut, "truncated");
    }

    @Test
    void bytes_after_the_message_are_a_wrong_length() {
        assertRefused(concat(Rfc5769.SAMPLE_IPV4_RESPONSE, new byte[4]), "wrong length");
    }

    @Test
    void attribute_overrunning_the_message_is_refused() {
        byte[] b = withAttribute(AttributeType.SOFTWARE, new byte[8]);
        StunMessage.writeShort(b, 22, 200);
        assertRefused(b, "claims 200 bytes, only 8 left");
    }

    @Test
    void attribute_without_room_for_its_padding_is_refused() {
        byte[] padded = withAttribute(AttributeType.SOFTWARE, new byte[] {'a', 'b', 'c', 'd', 'e'});
        assertEquals("abcde", assertDoesNotThrow(padded).text(AttributeType.SOFTWARE).orElseThrow().text());
        byte[] unpadded = Arrays.copyOf(padded, 20 + 4 + 5);
        StunMessage.writeShort(unpadded, 2, 9);
        assertRefused(unpadded, "bad padding: attribute SOFTWARE at offset 20 (5 bytes)");
    }

    @Test
    void any_padding_bytes_are_accepted_as_rfc5769_uses_spaces() {
        byte[] b = withAttribute(AttributeType.SOFTWARE, new byte[] {'a'});
        b[25] = b[26] = b[27] = ' ';
        assertEquals("a", assertDoesNotThrow(b).text(AttributeType.SOFTWARE).orElseThrow().text());
    }

    private static StunMessage assertDoesNotThrow(byte[] b) {
        return Assertions.assertDoesNotThrow(() -> StunMessage.decode(b));
    }

    @Test
    void unknown_comprehension_required_attribute_is_refused_and_an_optional_one_is_kept() {
        assertRefused(withAttribute(0x7777, new byte[4]), "unknown comprehension-required attribute 0x7777");
        StunMessage m = assertDoesNotThrow(withAttribute(0xC0DE, new byte[] {1, 2}));
        assertEquals(new StunAttribute.Opaque(0xC0DE, new byte[] {1, 2}), m.attribute(0xC0DE).orElseThrow());
    }

    @Test
    void malformed_address_values_are_refused_with_their_reason() {
        assertRefused(withAttribute(AttributeType.XOR_MAPPED_ADDRESS, new byte[] {0, 3, 0, 1, 1, 2, 3, 4}),
                "address family 0x3");
        assertRefused(withAttribute(AttributeType.MAPPED_ADDRESS, new byte[] {0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8}),
                "an IPv4 address takes 8");
        assertRefused(withAttribute(AttributeType.OTHER_ADDRESS, new byte[] {0, 2, 0, 1, 1, 2, 3, 4}),
                "an IPv6 address takes 20");
        assertRefused(withAttribute(AttributeType.CHANGED_ADDRESS, new byte[] {0, 1}), "too short for an address");
    }

    @Test
    void malformed_fixed_size_values_are_refused_with_their_reason() {
        assertRefused(withAttribute(AttributeType.MESSAGE_INTEGRITY, new byte[16]), "MESSAGE-INTEGRITY at offset 20 is 16 bytes, not 20");
        assertRefused(withAttribute(AttributeType.LIFETIME, new byte[2]), "LIFETIME at offset 20 is 2 bytes, not 4");
        assertRefused(withAttribute(AttributeType.CHANGE_REQUEST, new byte[8]), "CHANGE-REQUEST at offset 20 is 8 bytes");
        assertRefused(withAttribute(AttributeType.REQUESTED_ADDRESS_FAMILY, new byte[] {3, 0, 0, 0}), "family 0x3");
        assertRefused(withAttribute(AttributeType.ERROR_CODE, new byte[] {0, 0, 7, 1}), "not a code in 300..699");
        assertRefused(withAttribute(AttributeType.ERROR_CODE, new byte[] {0, 0, 4}), "at least 4 needed");
        assertRefused(withAttribute(AttributeType.UNKNOWN_ATTRIBUTES, new byte[] {0, 1, 0}), "even length");
        assertRefused(withAttribute(AttributeType.FINGERPRINT, new byte[8]), "FINGERPRINT at offset 20 is 8 bytes");
    }

    @Test
    void oversized_text_is_refused() {
        assertRefused(withAttribute(AttributeType.USERNAME, new byte[600]), "oversized: USERNAME at offset 20 is 600 bytes");
        assertRefused(withAttribute(AttributeType.REALM, new byte[800]), "oversized: REALM");
    }

    @Test
    void fingerprint_that_does_not_match_is_refused() {
        byte[] b = Rfc5769.SAMPLE_REQUEST.clone();
        b[30] ^= 1; // a letter of SOFTWARE
        assertRefused(b, "FINGERPRINT mismatch");
    }

    @Test
    void attribute_after_fingerprint_is_refused() {
        byte[] b = concat(Rfc5769.SAMPLE_IPV4_RESPONSE, Rfc5769.hex("80 22 00 00"));
        StunMessage.writeShort(b, 2, b.length - 20);
        assertRefused(b, "follows FINGERPRINT");
    }

    @Test
    void every_prefix_and_every_single_byte_change_of_the_vectors_fails_only_with_stun_exception() {
        Random random = new Random(5769);
        for (byte[] vector : List.of(Rfc5769.SAMPLE_REQUEST, Rfc5769.SAMPLE_IPV4_RESPONSE, Rfc5769.SAMPLE_IPV6_RESPONSE,
                Rfc5769.SAMPLE_LONG_TERM_REQUEST)) {
            for (int n = 0; n < vector.length; n++) {
                byte[] prefix = Arrays.copyOf(vector, n);
                assertThrows(StunException.class, () -> StunMessage.decode(prefix), "prefix of " + n);
            }
            for (int i = 0; i < 5_000; i++) {
                byte[] mutated = vector.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                try {
                    StunMessage.decode(mutated);
                } catch (StunException expected) {
                    assertFalse(expected.getMessage().isBlank());
                }
            }
        }
    }
}
