package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Services decided concurrently, each on its own: a stuck one is cancelled at the budget and the others are not held up. */
class FanOutTest {
    private static final ScalerConfig CONFIG = ScalerConfig.builder(1, 10, 10).build();

    private static List<ManagedService> services(int n) {
        List<ManagedService> services = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            services.add(new ManagedService(new ServiceRef("c", "s" + i), CONFIG));
        }
        return services;
    }

    @Test
    void aStuckServiceIsReportedLateWhileEveryOtherIsDecidedInOrder() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> results = new FanOut(4, Duration.ofMillis(300)).run(services(12), s -> {
            if (s.ref().service().equals("s3")) {
                try {
                    never.await();  // a call that never answers, until cancelled
                } catch (InterruptedException e) {
                    return "interrupted";
                }
            }
            return "decided " + s.ref().service();
        }, (s, why) -> "late " + s.ref().service() + ": " + why, (s, why) -> "failed " + s.ref().service());

        assertThat(results).hasSize(12);
        assertThat(results.get(3)).startsWith("late s3: not decided within the run's 0 s (4 services at a time)");
        assertThat(results).filteredOn(r -> r.startsWith("decided")).hasSize(11);
        assertThat(results.get(11)).isEqualTo("decided s11");
    }

    @Test
    void servicesAreDecidedConcurrently() throws Exception {
        // four services that each wait for all four to have started: only concurrent workers get past it
        CountDownLatch allStarted = new CountDownLatch(4);
        List<String> results = new FanOut(4, Duration.ofSeconds(30)).run(services(4), s -> {
            allStarted.countDown();
            try {
                return allStarted.await(20, TimeUnit.SECONDS) ? "together" : "alone";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        }, (s, why) -> why, (s, why) -> why);

        assertThat(results).containsOnly("together");
    }

    @Test
    void sequentialRunsInTheCallersThreadInOrder() {
        Thread caller = Thread.currentThread();
        List<Boolean> sameThread = FanOut.SEQUENTIAL.run(services(3), s -> Thread.currentThread() == caller, (s, why) -> false,
                (s, why) -> false);
        assertThat(sameThread).containsExactly(true, true, true);
    }

    @Test
    void anErrorEscapingADecisionIsAFailureNotLate() {
        List<String> results = new FanOut(2, Duration.ofSeconds(30)).run(services(2), s -> {
            if (s.ref().service().equals("s1")) {
                throw new AssertionError("boom");
            }
            return "decided";
        }, (s, why) -> "late", (s, why) -> "failed: " + why);

        assertThat(results).containsExactly("decided", "failed: java.lang.AssertionError: boom");
    }

    @Test
    void theOrderChangesFromMinuteToMinuteSoNoServiceIsAlwaysLast() {
        java.util.Set<Long> lastPlaces = new java.util.HashSet<>();
        for (long minute = 29_000_000; minute < 29_000_016; minute++) {
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, 16).boxed().toList());
            java.util.Collections.shuffle(order, new java.util.Random(Analyzer.mixed(minute)));
            lastPlaces.add((long) order.get(15));
        }
        assertThat(lastPlaces).as("16 consecutive minutes, 16 services: the last place moves").hasSizeGreaterThanOrEqualTo(8);
        assertThat(Analyzer.mixed(29_000_000)).as("the same minute, the same order (a retry)").isEqualTo(Analyzer.mixed(29_000_000));
    }

    @Test
    void theBudgetSpacesCallsAtItsRateAfterASecondsBurst() {
        AtomicLong now = new AtomicLong();
        ApiBudget.Bucket bucket = new ApiBudget.Bucket(10, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take()).as("the burst").isZero();
        }
        assertThat(bucket.take()).isEqualTo(100_000_000L);
        assertThat(bucket.take()).as("queued behind the previous").isEqualTo(200_000_000L);
        now.addAndGet(1_000_000_000L);
        assertThat(bucket.take()).as("a second refilled 10 tokens, 2 of them owed").isZero();
    }
}
