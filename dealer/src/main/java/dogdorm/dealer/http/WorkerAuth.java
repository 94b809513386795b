package dogdorm.dealer.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the worker API. With a worker token, a call needs {@code Authorization: Bearer <token>} (401 otherwise;
 * compared in constant time). Without one, only loopback clients may call (403 otherwise), as the original did.
 */
public final class WorkerAuth implements Handler {
    private final byte[] token;

    public WorkerAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(Context ctx) {
        if (token != null) {
            String h = ctx.header("Authorization");
            byte[] given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? h.substring(7).strip().getBytes(StandardCharsets.UTF_8) : null;
            if (given == null || !MessageDigest.isEqual(given, token)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"dogdorm workers\"");
                throw new ApiError(401, given == null ? "worker token required: send Authorization: Bearer <token>"
                        : "wrong worker token");
            }
            return;
        }
        if (!isLoopback(ctx.req().getRemoteAddr())) {
            throw new ApiError(403, "the worker API accepts only loopback clients unless the dealer is started "
                    + "with --worker-token");
        }
    }

    static boolean isLoopback(String remote) {
        try {
            return remote != null && InetAddress.getByName(remote.replace("[", "").replace("]", ""))
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
