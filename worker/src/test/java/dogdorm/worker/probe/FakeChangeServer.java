package dogdorm.worker.probe;

import dogdorm.worker.peers.Peers;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny RFC 3489 "test NAT" server: four UDP sockets, member 0 = 127.0.0.1:p, 1 = 127.0.0.1:p+1,
 * 2 = 127.0.0.2:p, 3 = 127.0.0.2:p+1. A {@link Policy} decides which socket answers each request, so a test can
 * make it honest or wrong. Answers carry MAPPED-ADDRESS / XOR-MAPPED-ADDRESS, SOURCE-ADDRESS and, unless told
 * otherwise, CHANGED-ADDRESS (classic) or OTHER-ADDRESS (RFC 5780) = member 3.
 */
final class FakeChangeServer implements AutoCloseable {
    /** Which member answers a request that member {@code at} received; -1 for no answer. */
    @FunctionalInterface
    interface Policy {
        int answerFrom(int at, boolean changeIp, boolean changePort);
    }

    /** What RFC 3489 says: changing the port flips bit 0, changing the IP flips bit 1. */
    static final Policy HONEST = (at, ip, port) -> at ^ (ip ? 2 : 0) ^ (port ? 1 : 0);

    private final List<DatagramSocket> sockets = new ArrayList<>(4);
    private final List<Thread> loops = new ArrayList<>(4);
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger[] receivedBy = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(),
            new AtomicInteger()};
    private final Policy policy;
    private final boolean namesAlternateToClassic;

    FakeChangeServer(Policy policy, boolean namesAlternateToClassic) throws IOException {
        this.policy = policy;
        this.namesAlternateToClassic = namesAlternateToClassic;
        IOException last = null;
        for (int attempt = 0; attempt < 5 && sockets.isEmpty(); attempt++) {
            int p = Peers.freePorts(2, "127.0.0.1", "127.0.0.2");
            try {
                for (String ip : List.of("127.0.0.1", "127.0.0.2")) {
                    for (int port : new int[] {p, p + 1}) {
                        sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port)));
                    }
                }
            } catch (IOException e) {
                sockets.forEach(DatagramSocket::close);
                sockets.clear();
                last = e;
            }
        }
        if (sockets.isEmpty()) {
            throw last;
        }
        for (int i = 0; i < 4; i++) {
            int at = i;
            loops.add(Thread.ofVirtual().start(() -> serve(at)));
        }
    }

    FakeChangeServer(Policy policy) throws IOException {
        this(policy, true);
    }

    InetSocketAddress member(int i) {
        return (InetSocketAddress) sockets.get(i).getLocalSocketAddress();
    }

    int port() {
        return member(0).getPort();
    }

    int received() {
        return received.get();
    }

    /** Datagrams member {@code i} received. */
    int received(int i) {
        return receivedBy[i].get();
    }

    private void serve(int at) {
        DatagramSocket s = sockets.get(at);
        byte[] buf = new byte[2048];
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                received.incrementAndGet();
                receivedBy[at].incrementAndGet();
                StunMessage req = StunMessage.decode(buf, 0, p.getLength());
                StunAttribute.ChangeRequest change = req.attribute(AttributeType.CHANGE_REQUEST)
                        .map(StunAttribute.ChangeRequest.class::cast).orElse(new StunAttribute.ChangeRequest(false, false));
                int from = policy.answerFrom(at, change.changeIp(), change.changePort());
                if (from < 0) {
                    continue;
                }
                InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
                StunMessage.Builder b = StunMessage.builder(req.method(), MessageClass.SUCCESS_RESPONSE, req.transactionId());
                if (req.isClassic()) {
                    b.add(new StunAttribute.Address(AttributeType.MAPPED_ADDRESS, client));
                    b.add(new StunAttribute.Address(AttributeType.SOURCE_ADDRESS, member(from)));
                    if (namesAlternateToClassic) {
                        b.add(new StunAttribute.Address(AttributeType.CHANGED_ADDRESS, member(3)));
                    }
                } else {
                    b.add(new StunAttribute.Address(AttributeType.XOR_MAPPED_ADDRESS, client));
                    b.add(new StunAttribute.Address(AttributeType.OTHER_ADDRESS, member(3)));
                }
                byte[] out = b.build().bytes();
                sockets.get(from).send(new DatagramPacket(out, out.length, client));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // not STUN: a real server would drop it too
            }
        }
    }

    @Override
    public void close() {
        sockets.forEach(DatagramSocket::close);
        try {
            for (Thread t : loops) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
