package dogdorm.worker.probe;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One DNS question and its answer over UDP or TCP, shared by {@link DnsProbe} and {@link DnsResolver}. dnsjava
 * encodes and parses the messages; the sockets are plain blocking ones bounded by the caller's
 * {@link TimeBudget}, so nothing outlives the call (no selector thread, no pending query). Each query carries a
 * fresh random id, and a reply counts only when it is a response with that id to that question.
 */
final class DnsExchange {
    private static final SecureRandom IDS = new SecureRandom();
    /**
     * Room for a UDP reply. The queries carry no EDNS, so a server may answer with at most 512 bytes (RFC 1035)
     * and sets TC on a longer answer; 4 KB leaves room for servers that send more anyway, and a thousand lanes
     * resolving at once hold 4 MB, not the 64 MB a 64 KB buffer each would.
     */
    static final int MAX_UDP = 4096;

    private DnsExchange() {}

    /** A DNS reply that passed the checks, with its round trip. */
    record Reply(Message message, double roundTripMs) {
        int rcode() {
            return message.getRcode();
        }

        boolean truncated() {
            return message.getHeader().getFlag(Flags.TC);
        }
    }

    /** The server's answer was no valid reply to our query; the message says how. */
    static final class BadReply extends IOException {
        BadReply(String message) {
            super(message);
        }
    }

    /** A recursive query (RD set) for {@code name}/{@code type} in class IN, with a fresh random id. */
    static Message query(Name name, int type) {
        Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        m.getHeader().setID(IDS.nextInt(0x10000));
        return m;
    }

    /**
     * Sends {@code query} to {@code server} and waits within {@code budget} for its reply. Throws
     * {@link java.net.SocketTimeoutException} when none came, {@link java.net.PortUnreachableException} or
     * {@link java.net.ConnectException} when nothing listens, {@link BadReply} for garbage.
     */
    static Reply exchange(InetSocketAddress server, Message query, boolean tcp, TimeBudget budget)
            throws IOException {
        byte[] wire = query.toWire();
        long start = System.nanoTime();
        byte[] answer = tcp ? overTcp(server, wire, budget) : overUdp(server, wire, budget);
        double ms = ProbeReport.millisSince(start);
        return new Reply(validate(query, answer), ms);
    }

    private static byte[] overUdp(InetSocketAddress server, byte[] wire, TimeBudget budget) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            // no reply after half the budget: the query goes again (same id), and a reply to either counts
            socket.setSoTimeout((int) Math.max(1, budget.remainingMillis() - budget.totalMillis() / 2));
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buf = new byte[MAX_UDP];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                socket.setSoTimeout(budget.socketTimeout());
                socket.send(new DatagramPacket(wire, wire.length));
                socket.receive(p);
            }
            if (p.getLength() >= buf.length) {
                throw new BadReply("a UDP reply of " + buf.length + " bytes or more to a query without EDNS (at most "
                        + "512 expected)");
            }
            return Arrays.copyOf(buf, p.getLength());
        }
    }

    private static byte[] overTcp(InetSocketAddress server, byte[] wire, TimeBudget budget) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, budget.socketTimeout());
            socket.setSoTimeout(budget.socketTimeout());
            OutputStream out = socket.getOutputStream();
            byte[] framed = new byte[wire.length + 2];
            framed[0] = (byte) (wire.length >>> 8);
            framed[1] = (byte) wire.length;
            System.arraycopy(wire, 0, framed, 2, wire.length);
            out.write(framed);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                throw new BadReply("the server closed the connection without a reply");
            }
            byte[] answer = new byte[length];
            int got = 0;
            while (got < length) {
                socket.setSoTimeout(budget.socketTimeout());
                int n = in.read(answer, got, length - got);
                if (n < 0) {
                    throw new BadReply("truncated reply: " + got + " of " + length + " bytes before the "
                            + "connection closed");
                }
                got += n;
            }
            return answer;
        }
    }

    /** Parses a reply and checks that it answers {@code query}. */
    static Message validate(Message query, byte[] answer) throws BadReply {
        if (answer.length < 12) {
            throw new BadReply("truncated reply: " + answer.length + " bytes, shorter than a DNS header");
        }
        Message reply;
        try {
            reply = new Message(answer);
        } catch (IOException e) {
            throw new BadReply("malformed reply (" + answer.length + " bytes): " + e.getMessage());
        }
        int id = reply.getHeader().getID();
        int expected = query.getHeader().getID();
        if (id != expected) {
            throw new BadReply("reply id " + id + " does not match query id " + expected);
        }
        if (!reply.getHeader().getFlag(Flags.QR)) {
            throw new BadReply("the reply is a query (QR flag not set)");
        }
        Record asked = query.getQuestion();
        Record question = reply.getQuestion();
        if (question == null) {
            // error replies (FORMERR, NOTIMP, REFUSED...) may leave the question out
            if (reply.getRcode() == Rcode.NOERROR || reply.getRcode() == Rcode.NXDOMAIN) {
                throw new BadReply("the reply has no question section");
            }
        } else if (!question.getName().equals(asked.getName()) || question.getType() != asked.getType()
                || question.getDClass() != asked.getDClass()) {
            throw new BadReply("the reply answers another question: " + question.getName() + " "
                    + Type.string(question.getType()) + ", not " + asked.getName() + " "
                    + Type.string(asked.getType()));
        }
        if (reply.getHeader().getCount(Section.QUESTION) > 1) {
            throw new BadReply("the reply has " + reply.getHeader().getCount(Section.QUESTION) + " questions");
        }
        return reply;
    }

    /** The reply's rcode as DNS people write it: NOERROR, NXDOMAIN, SERVFAIL, REFUSED... */
    static String rcodeName(int rcode) {
        return Rcode.string(rcode);
    }
}
