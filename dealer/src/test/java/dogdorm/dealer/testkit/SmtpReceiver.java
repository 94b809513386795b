package dogdorm.dealer.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny SMTP server on loopback (port 0) that speaks enough of RFC 5321 to take a message: EHLO/HELO, AUTH PLAIN
 * and LOGIN (offered only when it has a login to check), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. It never offers
 * STARTTLS. Every message it took is recorded whole, and every command line it heard.
 */
public final class SmtpReceiver implements AutoCloseable {
    /** A message taken: the envelope, the login used (null: none) and the data as sent, dots unstuffed. */
    public record Mail(String from, List<String> to, String login, String data) {
        /** The value of header {@code name} (unfolded), or null. */
        public String header(String name) {
            String head = data.split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        public String body() {
            String[] parts = data.split("\r\n\r\n", 2);
            return parts.length < 2 ? "" : parts[1];
        }
    }

    private final ServerSocket server;
    private final String user;
    private final String password;
    private final BlockingQueue<Mail> mails = new LinkedBlockingQueue<>();
    private final List<String> commands = new ArrayList<>();
    private final Thread acceptor;

    /** A server that takes mail from anyone and offers no AUTH. */
    public static SmtpReceiver start() throws IOException {
        return new SmtpReceiver(null, null);
    }

    /** A server that offers AUTH and takes mail only after the login {@code user}, {@code password}. */
    public static SmtpReceiver withLogin(String user, String password) throws IOException {
        return new SmtpReceiver(user, password);
    }

    private SmtpReceiver(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("smtp receiver").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next message taken within {@code seconds}, or null. */
    public Mail next(int seconds) throws InterruptedException {
        return mails.poll(seconds, TimeUnit.SECONDS);
    }

    /** How many messages are waiting to be looked at. */
    public int waiting() {
        return mails.size();
    }

    /** Every command line heard so far (AUTH lines included: a test looks at what a client sent). */
    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(10_000);
            reply(out, "220 localhost tiny test SMTP");
            String from = null;
            List<String> to = new ArrayList<>();
            String login = null;
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (commands) {
                    commands.add(line);
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, password == null ? "250-localhost\r\n250 8BITMIME"
                            : "250-localhost\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN");
                    case "HELO" -> reply(out, "250 localhost");
                    case "AUTH" -> {
                        login = auth(line, in, out);
                        if (login == null) {
                            reply(out, "535 5.7.8 authentication credentials invalid");
                        } else {
                            reply(out, "235 2.7.0 authentication successful");
                        }
                    }
                    case "MAIL" -> {
                        if (password != null && login == null) {
                            reply(out, "530 5.7.0 authentication required");
                        } else {
                            from = address(line);
                            to.clear();
                            reply(out, "250 2.1.0 ok");
                        }
                    }
                    case "RCPT" -> {
                        if (from == null) {
                            reply(out, "503 5.5.1 MAIL first");
                        } else {
                            to.add(address(line));
                            reply(out, "250 2.1.5 ok");
                        }
                    }
                    case "DATA" -> {
                        if (to.isEmpty()) {
                            reply(out, "503 5.5.1 RCPT first");
                            break;
                        }
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                        }
                        mails.add(new Mail(from, List.copyOf(to), login, data.toString()));
                        from = null;
                        to.clear();
                        reply(out, "250 2.0.0 queued");
                    }
                    case "RSET" -> {
                        from = null;
                        to.clear();
                        reply(out, "250 2.0.0 ok");
                    }
                    case "NOOP" -> reply(out, "250 2.0.0 ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The user that logged in with the right password, or null. */
    private String auth(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        if (password == null || parts.length < 2) {
            return null;
        }
        String u;
        String p;
        if (parts[1].equalsIgnoreCase("PLAIN")) {
            String b64 = parts.length > 2 ? parts[2] : null;
            if (b64 == null) {
                reply(out, "334 ");
                b64 = in.readLine();
            }
            String[] f = decode(b64).split("\0", -1);
            if (f.length != 3) {
                return null;
            }
            u = f[1];
            p = f[2];
        } else if (parts[1].equalsIgnoreCase("LOGIN")) {
            reply(out, "334 VXNlcm5hbWU6");
            u = decode(in.readLine());
            reply(out, "334 UGFzc3dvcmQ6");
            p = decode(in.readLine());
        } else {
            return null;
        }
        return user.equals(u) && password.equals(p) ? u : null;
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64 == null ? "" : b64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** {@code MAIL FROM:<a@b> SIZE=10} -> {@code a@b}. */
    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? "" : line.substring(lt + 1, gt);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
