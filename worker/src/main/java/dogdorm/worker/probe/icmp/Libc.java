package dogdorm.worker.probe.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls an ICMP socket needs (Linux), through the Foreign Function &amp; Memory API: {@code
 * socket}, {@code setsockopt}, {@code bind}, {@code sendto}, {@code recvfrom}, {@code recvmsg} (for the error
 * queue), {@code close} and {@code strerror}, each with the {@code errno} it left. Nothing else in the project
 * calls native code.
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVTIMEO = 20;
    static final int SO_RCVBUF = 8;
    static final int SOL_IP = 0;
    static final int IP_RECVERR = 11;
    static final int SOL_IPV6 = 41;
    static final int IPV6_RECVERR = 25;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EPERM = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = handle("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = handle("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror")
            .orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(
                    java.lang.foreign.MemoryLayout.sequenceLayout(4096, ValueLayout.JAVA_BYTE)), ValueLayout.JAVA_INT));

    private Libc() {}

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(
                () -> new UnsupportedOperationException("no " + name + " in the C library")), d, CAPTURE);
    }

    /** A call's result and the errno it left (meaningful when the result is negative). */
    record Result(long value, int errno) {
        boolean failed() {
            return value < 0;
        }
    }

    static Result socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURED);
            int r = (int) SOCKET.invokeExact(state, domain, type, protocol);
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("socket() failed to run", t);
        }
    }

    /** {@code SO_RCVTIMEO}: a blocked receive returns after {@code millis} (EAGAIN), so a closing socket is seen. */
    static Result receiveTimeout(int fd, long millis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tv = a.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
            tv.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000);
            return setsockopt(fd, SO_RCVTIMEO, tv, a);
        }
    }

    /** {@code SO_RCVBUF}: room for a burst of replies (the kernel caps it at net.core.rmem_max). */
    static Result receiveBuffer(int fd, int bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, bytes);
            return setsockopt(fd, SO_RCVBUF, v, a);
        }
    }

    /**
     * {@code IP_RECVERR} / {@code IPV6_RECVERR}: ICMP errors about what this socket sent are queued for {@link
     * #recvErrors} (a datagram ICMP socket gets them no other way).
     */
    static Result receiveErrors(int fd, int family) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment on = a.allocate(ValueLayout.JAVA_INT);
            on.set(ValueLayout.JAVA_INT, 0, 1);
            return family == 6 ? setsockopt(fd, SOL_IPV6, IPV6_RECVERR, on, a)
                    : setsockopt(fd, SOL_IP, IP_RECVERR, on, a);
        }
    }

    /** A {@code SOL_SOCKET} option set to {@code value}. */
    private static Result setsockopt(int fd, int option, MemorySegment value, Arena a) {
        return setsockopt(fd, SOL_SOCKET, option, value, a);
    }

    private static Result setsockopt(int fd, int level, int option, MemorySegment value, Arena a) {
        try {
            MemorySegment state = a.allocate(CAPTURED);
            int r = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, (int) value.byteSize());
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt() failed to run", t);
        }
    }

    static Result sendto(int fd, MemorySegment buf, long len, MemorySegment addr, int addrLen, Arena a) {
        try {
            MemorySegment state = a.allocate(CAPTURED);
            long r = (long) SENDTO.invokeExact(state, fd, buf, len, 0, addr, addrLen);
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("sendto() failed to run", t);
        }
    }

    /** Gives a socket its local address (for a raw socket: the source of what it sends, the filter of what it gets). */
    static Result bind(int fd, MemorySegment addr, Arena a) {
        try {
            MemorySegment state = a.allocate(CAPTURED);
            int r = (int) BIND.invokeExact(state, fd, addr, (int) addr.byteSize());
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("bind() failed to run", t);
        }
    }

    static Result recvfrom(int fd, MemorySegment buf, MemorySegment addr, MemorySegment addrLen,
                           MemorySegment state) {
        try {
            long r = (long) RECVFROM.invokeExact(state, fd, buf, buf.byteSize(), 0, addr, addrLen);
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("recvfrom() failed to run", t);
        }
    }

    /**
     * One ICMP error from the socket's error queue, without waiting: the start of the packet it is about (for an
     * ICMP socket, the echo request's ICMP header) and the {@code sock_extended_err} that says what happened.
     * {@code data}, {@code control} and {@code message} are the caller's buffers (message: a 56-byte msghdr,
     * iovec: 16 bytes), reused across calls.
     */
    static Result recvError(int fd, MemorySegment message, MemorySegment iovec, MemorySegment data,
                            MemorySegment control, MemorySegment state) {
        iovec.set(ValueLayout.ADDRESS, 0, data);
        iovec.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
        message.fill((byte) 0);
        message.set(ValueLayout.ADDRESS, 16, iovec);
        message.set(ValueLayout.JAVA_LONG, 24, 1);
        message.set(ValueLayout.ADDRESS, 32, control);
        message.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        try {
            long r = (long) RECVMSG.invokeExact(state, fd, message, MSG_ERRQUEUE | MSG_DONTWAIT);
            return new Result(r, (int) ERRNO.get(state, 0L));
        } catch (Throwable t) {
            throw new IllegalStateException("recvmsg() failed to run", t);
        }
    }

    static MemorySegment newCallState(Arena a) {
        return a.allocate(CAPTURED);
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURED), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close() failed to run", t);
        }
    }

    /** The C library's text for an errno ("Operation not permitted"). */
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
