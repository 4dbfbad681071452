package dev.sessionscaler.reporter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports one task's sessions to Session Scaler: {@link #sessionStarted}, {@link #sessionEnded}, and a heartbeat listing
 * the active sessions every {@link ReporterSettings#heartbeatInterval()} (also with none) once {@link #start() started},
 * a last one on {@link #close()} and, unless turned off, when the JVM exits.
 *
 * <p>The application's threads only record the change and return: sending happens on the reporter's own thread, in
 * batches of up to 10, retried with exponential backoff and jitter. While the queue cannot be reached START and END
 * messages wait, up to {@link ReporterSettings#maxBufferedEvents()}; beyond that they are dropped and counted, since the
 * next heartbeat is a full snapshot that heals the session store. Memory stays bounded whatever happens.
 *
 * <pre>{@code
 * SessionReporter reporter = SessionReporter.fromEnvironment();   // in an ECS task, with SESSION_SCALER_QUEUE_URL set
 * reporter.sessionStarted(sessionId);
 * ...
 * reporter.sessionEnded(sessionId);
 * }</pre>
 */
public final class SessionReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionReporter.class.getName());

    /** What the reporter has done so far. {@code retried} counts messages sent again; {@code dropped} those given up. */
    public record Metrics(long sent, long retried, long dropped, int buffered, int activeSessions) {
    }

    private final TaskIdentity task;
    private final ReporterSettings settings;
    private final EventSender sender;
    private final SessionMessages messages;
    private final Clock clock;
    private final TaskProtection protection;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    // guarded by this: what the application said, and what waits to be sent
    private final Set<String> active = new LinkedHashSet<>();
    private final ArrayDeque<String> buffered = new ArrayDeque<>();
    private boolean healNeeded;
    private Instant lastStamp;

    private final Object sending = new Object();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean retryQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledExecutorService worker;
    /** Null unless heartbeats report the task's usage. */
    private final TaskUsageSampler usageSampler;
    private Thread shutdownHook;

    private SessionReporter(TaskIdentity task, ReporterSettings settings, EventSender sender, Clock clock, TaskProtection protection,
                            TaskUsageSampler usageSampler) {
        this.usageSampler = usageSampler;
        this.task = task;
        this.settings = settings;
        this.sender = sender;
        this.messages = new SessionMessages(task);
        this.clock = clock;
        this.protection = protection;
    }

    /**
     * A started reporter for the task it runs in: settings from the environment ({@code SESSION_SCALER_QUEUE_URL} or
     * {@code SESSION_SCALER_API_URL}, {@code SESSION_SCALER_PROTECT_WHILE_BUSY}), identity from the ECS task metadata.
     */
    public static SessionReporter fromEnvironment() {
        return builder().build().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the heartbeat and the sending thread (a daemon). Returns this. */
    public synchronized SessionReporter start() {
        if (closed.get()) {
            throw new IllegalStateException("the reporter is closed");
        }
        if (worker != null) {
            return this;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "session-reporter");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        worker = executor;
        long every = settings.heartbeatInterval().toMillis();
        executor.scheduleAtFixedRate(this::heartbeatQuietly, 0, every, TimeUnit.MILLISECONDS);
        if (settings.shutdownHook()) {
            shutdownHook = new Thread(this::close, "session-reporter-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** A session began on this task. Never blocks on the network. */
    public void sessionStarted(String sessionId) {
        requireValid(sessionId);
        boolean first;
        synchronized (this) {
            if (!active.add(sessionId)) {
                return;
            }
            first = active.size() == 1;
            enqueue(messages.started(sessionId, stamp()));
        }
        wakeWorker(first);
    }

    /** A session ended on this task. Unknown ids are ignored. Never blocks on the network. */
    public void sessionEnded(String sessionId) {
        requireValid(sessionId);
        boolean last;
        synchronized (this) {
            if (!active.remove(sessionId)) {
                return;
            }
            last = active.isEmpty();
            enqueue(messages.ended(sessionId, stamp()));
        }
        wakeWorker(last);
    }

    /**
     * Sets the active sessions to exactly {@code ids} without a START or END for each: for a source that sees whole
     * snapshots (the sidecar's single look); the next heartbeat reports them.
     */
    public synchronized void resetSessions(Collection<String> ids) {
        ids.forEach(SessionReporter::requireValid);
        active.clear();
        active.addAll(ids);
    }

    public synchronized Set<String> activeSessions() {
        return Set.copyOf(active);
    }

    public synchronized Metrics metrics() {
        return new Metrics(sent.get(), retried.get(), dropped.get(), buffered.size(), active.size());
    }

    public TaskIdentity task() {
        return task;
    }

    /**
     * Sends what waits, now, on the calling thread; true if nothing is left waiting. For tests and for applications
     * that want to be sure before they stop.
     */
    public boolean flush() {
        synchronized (sending) {
            while (true) {
                List<String> batch;
                synchronized (this) {
                    batch = new ArrayList<>(buffered.stream().limit(EventSender.MAX_BATCH).toList());
                }
                if (batch.isEmpty()) {
                    return true;
                }
                if (!sendBatch(batch, true)) {
                    return false;
                }
            }
        }
    }

    /** Sends a heartbeat with the sessions active now, on the calling thread; true if it was delivered. */
    public boolean heartbeat() {
        String body;
        TaskUsageSampler.Usage usage = usageSampler == null ? null : usageSampler.sample().orElse(null);  // not under the lock: HTTP
        synchronized (this) {
            if (active.size() > SessionMessages.MAX_HEARTBEAT_IDS) {
                // the contract's limit: with no heartbeat the task turns unknown, which the scaler treats as busy (safe)
                LOG.log(System.Logger.Level.WARNING, "session reporter: " + active.size() + " active sessions, more than the "
                        + SessionMessages.MAX_HEARTBEAT_IDS + " a heartbeat may list; no heartbeat sent");
                return false;
            }
            body = messages.heartbeat(List.copyOf(active), stamp(), usage);
            healNeeded = false;
        }
        boolean delivered;
        synchronized (sending) {
            delivered = sendBatch(List.of(body), false);
        }
        if (!delivered) {
            synchronized (this) {
                healNeeded = true;  // the retry sends a new one
            }
        }
        return delivered;
    }

    /**
     * Sends {@code batch} (the head of the buffer, or a heartbeat, which is never buffered: a newer one replaces it);
     * false if anything is to be tried again.
     */
    private boolean sendBatch(List<String> batch, boolean fromBuffer) {
        List<EventSender.Outcome> outcomes;
        try {
            outcomes = sender.send(batch);
        } catch (Exception e) {
            retried.addAndGet(batch.size());
            LOG.log(System.Logger.Level.WARNING, "session reporter: sending failed (" + e + "); trying again in "
                    + backoff.peek().toMillis() + " ms");
            scheduleRetry();
            return false;
        }
        int again = 0;
        synchronized (this) {
            List<String> retry = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (fromBuffer) {
                    buffered.pollFirst();
                }
                switch (outcomes.get(i)) {
                    case SENT -> sent.incrementAndGet();
                    case RETRY -> retry.add(batch.get(i));
                    case REJECTED -> {
                        dropped.incrementAndGet();
                        LOG.log(System.Logger.Level.ERROR, "session reporter: message refused, not sent again: " + batch.get(i));
                    }
                }
            }
            if (fromBuffer) {
                for (int i = retry.size() - 1; i >= 0; i--) {
                    buffered.addFirst(retry.get(i));
                }
            }
            again = retry.size();
        }
        if (again > 0) {
            retried.addAndGet(again);
            scheduleRetry();
            return false;
        }
        backoff.reset();
        return true;
    }

    /**
     * Now, to the millisecond, and always later than the previous message: the store orders a session's evidence by
     * timestamp, and a START and END within one millisecond would otherwise tie (and a tie keeps the session active).
     */
    private Instant stamp() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (lastStamp != null && !now.isAfter(lastStamp)) {
            now = lastStamp.plusMillis(1);
        }
        lastStamp = now;
        return now;
    }

    private void enqueue(String body) {
        if (buffered.size() >= settings.maxBufferedEvents()) {
            dropped.incrementAndGet();
            healNeeded = true;
            return;
        }
        buffered.addLast(body);
    }

    private void wakeWorker(boolean protectionMayChange) {
        ScheduledExecutorService w = worker;
        if (w == null || closed.get()) {
            return;
        }
        if (protectionMayChange && protection != null) {
            w.execute(this::updateProtection);
        }
        if (!retryQueued.get() && flushQueued.compareAndSet(false, true)) {
            w.execute(() -> {
                flushQueued.set(false);
                flushQuietly();
            });
        }
    }

    private void scheduleRetry() {
        ScheduledExecutorService w = worker;
        if (w != null && !closed.get() && retryQueued.compareAndSet(false, true)) {
            w.schedule(() -> {
                retryQueued.set(false);
                boolean heal;
                synchronized (this) {
                    heal = healNeeded;
                }
                if (flushQuietly() && heal) {
                    heartbeatQuietly();
                }
            }, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean flushQuietly() {
        try {
            return flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "session reporter: unexpected failure while sending", e);
            return false;
        }
    }

    private void heartbeatQuietly() {
        try {
            flush();
            heartbeat();
            updateProtection();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "session reporter: unexpected failure in the heartbeat", e);
        }
    }

    private void updateProtection() {
        if (protection != null) {
            boolean busy;
            synchronized (this) {
                busy = !active.isEmpty();
            }
            protection.update(busy);
        }
    }

    private static void requireValid(String sessionId) {
        String problem = SessionMessages.invalidSessionId(sessionId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Stops the thread, sends what waits and, if it was started, a last heartbeat (one attempt each); releases
     * protection. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
            if (w != null) {
                heartbeat();  // a started reporter's last word; one used by hand (the sidecar's --once) sent its own
            }
            if (protection != null && protection.isProtected()) {
                protection.update(false);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session reporter: the last heartbeat failed: " + e);
        } finally {
            sender.close();
            removeShutdownHook();
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    /** Set to true to have heartbeats carry the task's CPU and memory ({@link Builder#reportUsage}). */
    public static final String REPORT_USAGE = "SESSION_SCALER_REPORT_USAGE";

    /** Builds a reporter; whatever is not given comes from the environment and the task metadata. */
    public static final class Builder {
        private Map<String, String> env = System.getenv();
        private ReporterSettings settings;
        private TaskIdentity identity;
        private String taskArn;
        private String cluster;
        private String service;
        private EventSender sender;
        private Clock clock = Clock.systemUTC();
        private Boolean reportUsage;

        public Builder environment(Map<String, String> value) {
            env = Objects.requireNonNull(value);
            return this;
        }

        public Builder settings(ReporterSettings value) {
            settings = value;
            return this;
        }

        public Builder identity(TaskIdentity value) {
            identity = value;
            return this;
        }

        public Builder taskArn(String value) {
            taskArn = value;
            return this;
        }

        public Builder cluster(String value) {
            cluster = value;
            return this;
        }

        public Builder service(String value) {
            service = value;
            return this;
        }

        /** Where messages go; by default the queue or API of the settings. */
        public Builder sender(EventSender value) {
            sender = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Whether heartbeats carry the task's CPU and memory from the task metadata endpoint (then the analyzer needs no
         * CloudWatch read once every task of the service reports them); by default {@code SESSION_SCALER_REPORT_USAGE}.
         */
        public Builder reportUsage(boolean value) {
            reportUsage = value;
            return this;
        }

        /** The reporter, not started yet ({@link #start()}). */
        public SessionReporter build() {
            ReporterSettings s = settings != null ? settings : ReporterSettings.fromEnvironment(env);
            TaskIdentity id = identity != null ? identity : TaskIdentity.resolve(taskArn, cluster, service, env);
            EventSender out = sender;
            if (out == null) {
                s.requireOneDestination();
                out = s.queueUrl() != null ? SqsEventSender.forQueue(s.queueUrl()) : ApiEventSender.forApi(s.apiUrl(), env.get("AWS_REGION"));
            }
            TaskProtection protection = s.protectWhileBusy() ? TaskProtection.fromEnvironment(env, s.protectionMinutes(), clock) : null;
            boolean usage = reportUsage != null ? reportUsage : ReporterSettings.booleanFrom(env, REPORT_USAGE);
            return new SessionReporter(id, s, out, clock, protection, usage ? TaskUsageSampler.fromEnvironment(env) : null);
        }
    }
}
