package dogdorm.worker.probe;

import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunException;
import dogdorm.worker.probe.codec.StunMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny STUN server in this process, on one loopback address and an ephemeral port, over UDP or TCP, whose
 * answers a test scripts: right ones, wrong ones, garbage, or none. Each received message is passed to the
 * {@link Script} with a running count; every byte array it returns is sent back as one datagram (UDP) or one
 * write (TCP). {@link #close()} stops it.
 */
final class FakeStunServer implements AutoCloseable {

    /** What one received message was. {@code request} is null when the bytes did not decode. */
    record Received(byte[] raw, StunMessage request, InetSocketAddress from, int index) {}

    @FunctionalInterface
    interface Script {
        List<byte[]> answer(Received r) throws Exception;
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Script script;
    private final AtomicInteger count = new AtomicInteger();
    private final List<StunMessage> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread loop;

    private FakeStunServer(DatagramSocket udp, ServerSocket tcp, Script script) {
        this.udp = udp;
        this.tcp = tcp;
        this.script = script;
        this.loop = Thread.ofVirtual().name("fake-stun").start(udp != null ? this::serveUdp : this::serveTcp);
    }

    static FakeStunServer udp(String ip, Script script) throws IOException {
        return new FakeStunServer(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0)), null, script);
    }

    static FakeStunServer tcp(String ip, Script script) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
        return new FakeStunServer(null, s, script);
    }

    int port() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) (udp != null ? udp.getLocalSocketAddress() : tcp.getLocalSocketAddress());
    }

    /** How many messages (datagrams or TCP frames) arrived. */
    int received() {
        return count.get();
    }

    /** The messages that decoded, in arrival order. */
    List<StunMessage> requests() {
        return List.copyOf(requests);
    }

    private Received receive(byte[] raw, InetSocketAddress from) {
        StunMessage m = null;
        try {
            m = StunMessage.decode(raw);
            requests.add(m);
        } catch (StunException e) {
            // the script sees null and decides
        }
        return new Received(raw, m, from, count.getAndIncrement());
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                for (byte[] out : script.answer(receive(Arrays.copyOf(buf, p.getLength()), from))) {
                    udp.send(new DatagramPacket(out, out.length, from));
                }
            } catch (SocketException closed) {
                return;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket c = tcp.accept();
                connections.add(c);
                Thread.ofVirtual().start(() -> serveConnection(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveConnection(Socket c) {
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            while (true) {
                byte[] header = in.readNBytes(20);
                if (header.length < 20) {
                    return;
                }
                int len = (header[2] & 0xff) << 8 | (header[3] & 0xff);
                byte[] raw = Arrays.copyOf(header, 20 + len);
                if (in.readNBytes(raw, 20, len) < len) {
                    return;
                }
                for (byte[] b : script.answer(receive(raw, (InetSocketAddress) c.getRemoteSocketAddress()))) {
                    if (b.length == 0) {
                        return; // an empty answer means: hang up
                    }
                    out.write(b);
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        } else {
            try {
                tcp.close();
                for (Socket c : connections) {
                    c.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------- answers for scripts

    /** A Binding success answer to {@code r} with XOR-MAPPED-ADDRESS = the sender, plus any attributes. */
    static byte[] success(Received r, StunAttribute... extra) {
        StunMessage.Builder b = StunMessage.builder(r.request().method(), MessageClass.SUCCESS_RESPONSE,
                r.request().transactionId());
        b.add(new StunAttribute.Address(r.request().isClassic() ? AttributeType.MAPPED_ADDRESS
                : AttributeType.XOR_MAPPED_ADDRESS, r.from()));
        for (StunAttribute a : extra) {
            b.add(a);
        }
        return b.build().bytes();
    }

    /** A success answer with only the given attributes. */
    static byte[] bareSuccess(Received r, StunAttribute... attributes) {
        StunMessage.Builder b = StunMessage.builder(r.request().method(), MessageClass.SUCCESS_RESPONSE,
                r.request().transactionId());
        for (StunAttribute a : attributes) {
            b.add(a);
        }
        return b.build().bytes();
    }

    static byte[] error(Received r, int code, String reason, StunAttribute... extra) {
        StunMessage.Builder b = StunMessage.builder(r.request().method(), MessageClass.ERROR_RESPONSE,
                r.request().transactionId()).add(new StunAttribute.ErrorCode(code, reason));
        for (StunAttribute a : extra) {
            b.add(a);
        }
        return b.build().bytes();
    }
}
