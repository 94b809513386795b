package dogdorm.bench;

import java.util.Arrays;

/** {@code bin/bench <suite>}: runs one benchmark suite and prints its figures as a Markdown table. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String suite = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (suite) {
            case "spine" -> SpineBench.main(rest);
            case "probes" -> ProbeBench.main(rest);
            case "heartbeats" -> HeartbeatBench.main(rest);
            case "detection" -> DetectionBench.main(rest);
            default -> {
                System.out.println("usage: bin/bench spine [scheduler] [heap] [view] [page] [flush] [http] [worker]");
                System.out.println("       bin/bench probes [tcp] [ping] [stun] [ntp] [dns] [mqtt] [--lanes=10,100]"
                        + " [--warmup=30] [--seconds=10] [--no-blackbox]");
                System.out.println("       bin/bench heartbeats [http] [flush]");
                System.out.println("       bin/bench detection [--loss=0,5,20] [--seconds=270]");
                System.out.println("  spine   lease+result round trips over HTTP, scheduler cost per lease,");
                System.out.println("          flush time, dealer heap per 100k targets, one target's view,");
                System.out.println("          worker engine");
                System.out.println("  probes  probes/s and worker RSS per kind at 10/100/1000 lanes against real");
                System.out.println("          servers on loopback; blackbox exporter TCP and ICMP for comparison");
                System.out.println("  heartbeats  GET and POST /hb/<token> per second (wrk), and the flush that");
                System.out.println("          writes the pings");
                System.out.println("  detection  outages detected, missed and imagined under packet loss, in a");
                System.out.println("          network namespace of its own (root, unshare, iptables)");
                System.exit(suite.equals("help") ? 0 : 2);
            }
        }
    }
}
