package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ManagedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the analyzer decides its services within one invocation: {@code workers} at a time, each service on its own
 * worker, and all within {@code budget}. A worker's service that is not done when the budget runs out is cancelled
 * (interrupted: the SDK aborts its call) and reported, so one slow service holds one worker and delays nobody else.
 *
 * @param workers how many services are decided at once ({@code ANALYZER_CONCURRENCY}); 1 is one after the other
 * @param budget  how long a run may take, leaving the function's timeout room to report
 */
public record FanOut(int workers, Duration budget) {
    /** One after the other, with no time limit: local runs and tests, where order must be deterministic. */
    public static final FanOut SEQUENTIAL = new FanOut(1, null);

    public FanOut {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }

    /**
     * @param late   what a service not decided in time (or interrupted) is reported as
     * @param failed what a service whose decision threw an Error is reported as (decide reports its own exceptions)
     */
    <R> List<R> run(List<ManagedService> services, Function<ManagedService, R> decide, BiFunction<ManagedService, String, R> late,
                    BiFunction<ManagedService, String, R> failed) {
        if (workers == 1 && budget == null) {
            return services.stream().map(decide).toList();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, Math.max(1, services.size())), r -> {
            Thread thread = new Thread(r, "analyzer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            services.forEach(service -> futures.add(pool.submit(() -> decide.apply(service))));
            long deadline = System.nanoTime() + (budget == null ? Long.MAX_VALUE / 2 : budget.toNanos());
            List<R> results = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                results.add(await(futures.get(i), deadline, services.get(i), late, failed));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R doneAfterAll(Future<R> future, ManagedService service, BiFunction<ManagedService, String, R> late,
                                      BiFunction<ManagedService, String, R> failed) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return late.apply(service, "the analyzer was interrupted");
        } catch (ExecutionException e) {
            return failed.apply(service, String.valueOf(e.getCause()));
        }
    }

    private <R> R await(Future<R> future, long deadline, ManagedService service, BiFunction<ManagedService, String, R> late,
                        BiFunction<ManagedService, String, R> failed) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            // interrupted, the worker makes no further AWS call (the SDK aborts and keeps the flag): no late action
            if (!future.cancel(true) && future.isDone() && !future.isCancelled()) {
                return doneAfterAll(future, service, late, failed);  // it finished just as the time ran out
            }
            return late.apply(service, "not decided within the run's " + budget.toSeconds() + " s (" + workers
                    + " services at a time); the next minute decides it again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return late.apply(service, "the analyzer was interrupted");
        } catch (ExecutionException e) {
            // decide reports its own failures; this is an Error escaping it
            return failed.apply(service, String.valueOf(e.getCause()));
        }
    }
}
