package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Builds the replies of fake DNS servers in unit tests, from the real request bytes. */
final class FakeDns {
    private FakeDns() {}

    static Message parse(byte[] request) {
        try {
            return new Message(request);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A reply to {@code request} with {@code rcode} and one A or AAAA answer per address. */
    static byte[] answer(byte[] request, int rcode, String... addresses) {
        Message q = parse(request);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        r.getHeader().setRcode(rcode);
        Record question = q.getQuestion();
        r.addRecord(question, Section.QUESTION);
        for (String a : addresses) {
            InetAddress ip = Addresses.parse(a);
            r.addRecord(Addresses.family(ip) == 6 ? new AAAARecord(question.getName(), DClass.IN, 60, ip)
                    : new ARecord(question.getName(), DClass.IN, 60, ip), Section.ANSWER);
        }
        return r.toWire();
    }

    /** A NOERROR reply whose only answer is {@code question CNAME target}. */
    static byte[] alias(byte[] request, String target) {
        Message q = parse(request);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        try {
            r.addRecord(new CNAMERecord(q.getQuestion().getName(), DClass.IN, 60, Name.fromString(target, Name.root)),
                    Section.ANSWER);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return r.toWire();
    }

    /** The name asked in {@code request}, without the final dot. */
    static String asked(byte[] request) {
        return parse(request).getQuestion().getName().toString(true);
    }

    /** Serves DNS over TCP: reads one length-prefixed query at a time and answers with {@code answer}. */
    static TinyServers.TcpConversation overTcp(TinyServers.UdpAnswer answer) {
        return (InputStream in, OutputStream out) -> {
            DataInputStream d = new DataInputStream(in);
            while (true) {
                int length;
                try {
                    length = d.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                d.readFully(query);
                byte[] reply = answer.answer(query);
                if (reply == null) {
                    continue;
                }
                out.write(new byte[] {(byte) (reply.length >>> 8), (byte) reply.length});
                out.write(reply);
                out.flush();
            }
        };
    }
}
