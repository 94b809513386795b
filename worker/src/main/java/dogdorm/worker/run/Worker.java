package dogdorm.worker.run;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.WorkRequest;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.client.DealerException;
import dogdorm.worker.client.NotADealer;
import dogdorm.worker.probe.ProbeReport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's engine: N lanes (virtual threads), each running one job at a time; one fetcher that asks
 * the dealer for exactly as many jobs as there are idle lanes (long polling); one sender that posts results in
 * batches and keeps them, bounded, while the dealer is away. A dealer URL that is not a dealer's (every one listed
 * answers 404 to the worker API) is no outage to wait out: the worker stops asking and says why ({@link #gaveUp()}).
 */
public final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final int MAX_FETCH = 256;
    private static final int MAX_BATCH = 1000;

    /** Who this worker is and what it asks for. */
    public record Settings(String name, String location, List<Integer> families, List<Kind> kinds, int lanes,
                           Duration longPoll, int bufferCapacity) {
        public Settings {
            if (lanes < 1 || lanes > 100_000) {
                throw new IllegalArgumentException("--lanes: " + lanes + " is outside 1..100000");
            }
        }
    }

    private final Settings settings;
    private final DealerClient dealer;
    private final ProbeRunner runner;
    private final RandomGenerator random;
    private final Semaphore idleLanes;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final ResultBuffer results;
    private final AtomicLong jobsRun = new AtomicLong();
    private final AtomicLong resultsSent = new AtomicLong();
    private final AtomicLong resultsRejected = new AtomicLong();
    private final List<Thread> lanes = new ArrayList<>();
    /** Guards {@link #fetching} and {@link #inRequest}: a work request in flight is never interrupted. */
    private final Object fetchState = new Object();
    private boolean fetching = true;
    private boolean inRequest;
    private volatile boolean lanesRunning = true;
    private volatile boolean sending = true;
    /** Counted down by {@link #stop}: cuts short the sender's wait after a failed post. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Thread fetcher;
    private Thread sender;
    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();

    public Worker(Settings settings, DealerClient dealer, ProbeRunner runner, RandomGenerator random) {
        this.settings = settings;
        this.dealer = dealer;
        this.runner = runner;
        this.random = random;
        this.idleLanes = new Semaphore(settings.lanes());
        this.results = new ResultBuffer(settings.bufferCapacity());
    }

    public void start() {
        for (int i = 0; i < settings.lanes(); i++) {
            lanes.add(Thread.ofVirtual().name("lane-" + i).start(this::lane));
        }
        fetcher = Thread.ofVirtual().name("fetcher").start(this::fetch);
        sender = Thread.ofVirtual().name("sender").start(this::send);
        log.info("worker {} started: {} lanes, kinds {}, families {}, dealer {}", settings.name(),
                settings.lanes(), settings.kinds(), settings.families(), dealer.base());
    }

    private void fetch() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random);
        while (true) {
            int asked;
            try {
                idleLanes.acquire();
                int drained = idleLanes.drainPermits();
                int take = Math.min(drained, MAX_FETCH - 1);
                idleLanes.release(drained - take);
                asked = 1 + take;
            } catch (InterruptedException e) {
                break;
            }
            synchronized (fetchState) {
                if (!fetching) {
                    idleLanes.release(asked);
                    break;
                }
                // from here the dealer may lease jobs to us: an interrupt now would lose them until they expire
                inRequest = true;
            }
            List<Job> got;
            try {
                DealerClient.Work work = dealer.fetch(new WorkRequest(settings.name(), settings.location(),
                        settings.families(), settings.kinds(), asked, (int) settings.longPoll().toMillis()));
                got = work.jobs();
                if (!work.unreadable().isEmpty()) {
                    log.warn("handing back {} target(s) of jobs this worker cannot read ({})",
                            work.unreadable().size(), work.unreadable().get(0).error());
                    results.addAll(work.unreadable());
                }
                backoff.reset();
            } catch (NotADealer e) {
                synchronized (fetchState) {
                    inRequest = false;
                }
                idleLanes.release(asked);
                giveUp(e);
                break;
            } catch (IOException | RuntimeException e) {
                synchronized (fetchState) {
                    inRequest = false;
                }
                idleLanes.release(asked);
                Duration wait;
                if (e instanceof IOException) {
                    wait = backoff.next();
                    log.warn("cannot get work from the dealer ({}); retry #{} in {} ms", e.getMessage(),
                            backoff.failures(), wait.toMillis());
                } else {
                    wait = Duration.ofSeconds(1);
                    log.error("unexpected failure asking for work; retrying", e);
                }
                if (!sleep(wait)) break;
                continue;
            }
            if (got.size() > asked) {
                log.warn("dealer dealt {} jobs when {} were asked for; giving back the rest", got.size(), asked);
                faultAll(got.subList(asked, got.size()), "dealt more jobs than the worker asked for");
                got = got.subList(0, asked);
            }
            idleLanes.release(asked - got.size());
            jobs.addAll(got);
            synchronized (fetchState) {
                inRequest = false;
                if (!fetching) {
                    break;
                }
            }
            if (got.isEmpty() && !sleep(Duration.ofMillis(200 + random.nextInt(800)))) {
                break;
            }
        }
    }

    private void lane() {
        while (lanesRunning || !jobs.isEmpty()) {
            Job job;
            try {
                job = jobs.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (job == null) {
                continue;
            }
            try {
                results.addAll(runner.run(job));
                jobsRun.incrementAndGet();
            } catch (RuntimeException e) {
                log.error("lane failed on job {} of kind {}", job.lease(), job.kind(), e);
                results.addAll(ProbeRunner.faults(job, "worker error: " + ProbeReport.describe(e)));
            } finally {
                idleLanes.release();
            }
        }
    }

    private void send() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random);
        while (sending || results.size() > 0) {
            List<ProbeResult> batch;
            try {
                batch = results.take(MAX_BATCH, 200);
            } catch (InterruptedException e) {
                break;
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                ResultsAnswer answer = dealer.results(new ResultBatch(settings.name(), batch));
                backoff.reset();
                resultsSent.addAndGet(answer.accepted());
                if (answer.rejected() > 0) {
                    resultsRejected.addAndGet(answer.rejected());
                    ResultsAnswer.Item first = answer.results().stream().filter(i -> !i.accepted()).findFirst()
                            .orElse(null);
                    log.info("dealer rejected {} of {} results (first: lease {} target {}: {})", answer.rejected(),
                            batch.size(), first == null ? "?" : first.lease(), first == null ? "?" : first.target(),
                            first == null ? "?" : first.reason());
                }
            } catch (NotADealer e) {
                results.putBack(batch);
                giveUp(e);
                break;
            } catch (IOException | RuntimeException e) {
                if (e instanceof DealerException de && (de.status() == 400 || de.status() == 413)) {
                    log.error("dealer refused a batch of {} results as malformed; dropping it: {}", batch.size(),
                            e.getMessage());
                    continue;
                }
                results.putBack(batch);
                Duration wait = backoff.next();
                log.warn("cannot post {} results ({}); {} waiting, retry #{} in {} ms", batch.size(), e.getMessage(),
                        results.size(), backoff.failures(), wait.toMillis());
                if (!pause(wait)) break;
            }
        }
    }

    private void giveUp(NotADealer e) {
        if (gaveUp.complete(e.getMessage())) {
            log.error("stopping: {}", e.getMessage());
        }
    }

    /**
     * Completes with the reason when the worker cannot go on: no dealer URL it was given serves the worker API.
     * It has stopped asking for work by then; {@link #stop} still finishes the jobs in hand.
     */
    public CompletableFuture<String> gaveUp() {
        return gaveUp;
    }

    private void faultAll(List<Job> toReturn, String reason) {
        for (Job j : toReturn) {
            results.addAll(ProbeRunner.faults(j, reason));
        }
    }

    /**
     * The sender's wait before it posts again: cut short by a stop, after which it tries every quarter second
     * until {@link #stop}'s send grace is over (a dealer back by then still gets what is pending).
     */
    private boolean pause(Duration wait) {
        if (stopping.getCount() == 0) {
            return sleep(Duration.ofMillis(Math.min(wait.toMillis(), 250)));
        }
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops gracefully: no new work is fetched (a work request in flight is let finish, so no lease is lost),
     * jobs in hand are finished (each probe is bounded by its timeout), and pending results are posted, trying
     * for at most {@code sendGrace}.
     */
    public void stop(Duration laneGrace, Duration sendGrace) throws InterruptedException {
        synchronized (fetchState) {
            fetching = false;
            if (fetcher != null && !inRequest) {
                fetcher.interrupt(); // waiting for a lane or sleeping: nothing is lost
            }
        }
        if (fetcher != null && !fetcher.join(settings.longPoll().plus(Duration.ofSeconds(5)))) {
            fetcher.interrupt();
            fetcher.join(Duration.ofSeconds(1));
        }
        lanesRunning = false;
        long until = System.nanoTime() + laneGrace.toNanos();
        for (Thread lane : lanes) {
            long left = until - System.nanoTime();
            if (left <= 0 || !lane.join(Duration.ofNanos(left))) {
                lane.interrupt();
            }
        }
        List<Job> unstarted = new ArrayList<>();
        jobs.drainTo(unstarted);
        faultAll(unstarted, "worker stopped before running the job");
        sending = false;
        stopping.countDown();
        if (sender != null && !sender.join(sendGrace)) {
            sender.interrupt();
            log.warn("gave up posting {} results at shutdown", results.size());
        }
        log.info("worker {} stopped: {} jobs run, {} results accepted, {} rejected, {} dropped", settings.name(),
                jobsRun.get(), resultsSent.get(), resultsRejected.get(), results.dropped());
    }

    /** Counters for logs and tests. */
    public Map<String, Long> counters() {
        return Map.of("jobs_run", jobsRun.get(), "results_accepted", resultsSent.get(),
                "results_rejected", resultsRejected.get(), "results_waiting", (long) results.size(),
                "results_dropped", results.dropped());
    }
}
