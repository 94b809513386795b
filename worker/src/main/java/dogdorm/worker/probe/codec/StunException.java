package dogdorm.worker.probe.codec;

import java.io.IOException;

/**
 * Bytes that are not a well-formed STUN message, or a STUN answer that breaks the protocol. The message is the
 * reason, written for a person reading a probe result ("truncated: header says 40 bytes of attributes, 12
 * present"). It is an {@link IOException} because it is always something that came off the wire (like
 * {@link java.util.zip.ZipException}).
 */
public class StunException extends IOException {
    private static final long serialVersionUID = 1L;

    public StunException(String reason) {
        super(reason);
    }
}
