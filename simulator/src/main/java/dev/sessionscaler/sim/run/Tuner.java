package dev.sessionscaler.sim.run;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.ScaleInMode;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.sim.scenario.Oracle;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * {@code session-scaler tune}: the session-aware policy at {@link Fidelity#FAST} over a grid of the settings that decide
 * its cost and its headroom, each candidate on the scenario's same traffic, in parallel (one workflow driver per worker,
 * in-memory stores per run). The recommendation is the cheapest candidate (fewest task-minutes) that cut no session and
 * refused no more sessions than the scenario's own configuration, which is always a candidate too, so there is always
 * one. Candidates run with {@code dryRun} off, since a dry run changes nothing to measure; the recommendation is given
 * with it on ({@link Result#deployable()}), so a configuration pasted as it is first only watches.
 */
public final class Tuner {
    /**
     * How many settings to try: {@code DEFAULT} 32 candidates; {@code SMALL} 4: the two targets (each with a scale-in
     * utilisation 0.2 below it) and the two scale-in modes.
     */
    public enum Grid { DEFAULT, SMALL }

    /** One configuration's run. */
    public record Candidate(ScalerConfig config, PolicyResult.Outcome outcome, double efficiency, double monthlyTaskCostUsd) {
        boolean acceptableAgainst(Candidate baseline) {
            return outcome.sessionsInterrupted() == 0 && outcome.sessionsRejected() <= baseline.outcome.sessionsRejected();
        }
    }

    /** Every candidate (the baseline first), and the recommended one. */
    public record Result(Candidate baseline, List<Candidate> candidates, Candidate recommended, int workers) {
        /** The recommended configuration as a deployment should start with it: in dry run. */
        public ScalerConfig deployable() {
            return recommended.config().toBuilder().dryRun(true).build("recommended");
        }
    }

    private Tuner() {
    }

    /** The configurations to try for {@code base}; invalid combinations (for example a buffer over the fleet) are left out. */
    public static List<ScalerConfig> grid(ScalerConfig base, Grid grid) {
        Set<ScalerConfig> configs = new LinkedHashSet<>();
        int perTask = base.sessionsPerTask();
        List<Integer> buffers = grid == Grid.SMALL ? List.of(base.bufferIdleSlots()) : List.of(Math.max(1, perTask / 2), perTask);
        List<Integer> stabilizations = grid == Grid.SMALL ? List.of(base.scaleInStabilizationSeconds()) : List.of(300, 600);
        for (double target : List.of(0.8, 0.9)) {
            List<Double> scaleIns = grid == Grid.SMALL ? List.of(round(target - 0.2)) : List.of(round(target - 0.1), round(target - 0.25));
            for (double scaleIn : scaleIns) {
                for (int buffer : buffers) {
                    for (int stabilization : stabilizations) {
                        for (ScaleInMode mode : ScaleInMode.values()) {
                            try {
                                configs.add(base.toBuilder().dryRun(false).targetSessionUtilization(target)
                                        .scaleInSessionUtilization(scaleIn).bufferIdleSlots(buffer)
                                        .scaleInStabilizationSeconds(stabilization).scaleInMode(mode).build("candidate"));
                            } catch (InvalidInputException e) {
                                // a combination the rules refuse for this service: not a candidate
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(configs);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Runs the baseline and every candidate of {@code grid}; {@code progress} hears the runs done. */
    public static Result run(Scenario scenario, Grid grid, int workers, IntConsumer progress) {
        List<ScalerConfig> configs = configs(scenario, grid);
        List<SessionTrace.Session> trace = SessionTrace.generate(scenario);
        long oracle = Oracle.taskMinutes(Oracle.tasksPerMinute(scenario, trace));
        double usdPerTaskMinute = scenario.service().taskSize().usdPerTaskMinute();
        double monthsPerRun = scenario.durationMinutes() / (30.0 * 24 * 60);
        int threads = Math.max(1, Math.min(workers, configs.size()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Candidate[] results = new Candidate[configs.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    try (WorkflowBridge bridge = new WorkflowBridge()) {
                        for (int i = next.getAndIncrement(); i < configs.size(); i = next.getAndIncrement()) {
                            try {
                                results[i] = runOne(scenario, configs.get(i), trace, bridge, oracle, usdPerTaskMinute, monthsPerRun);
                            } catch (RuntimeException e) {
                                next.set(configs.size());  // stop the other workers: the run has failed
                                throw e;
                            }
                            synchronized (progress) {
                                progress.accept(done.incrementAndGet());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tuning was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Candidate> all = List.of(results);
        Candidate baseline = all.get(0);
        return new Result(baseline, all, recommend(baseline, all).orElse(baseline), threads);
    }

    private static Candidate runOne(Scenario scenario, ScalerConfig config, List<SessionTrace.Session> trace, WorkflowBridge bridge,
                                    long oracle, double usdPerTaskMinute, double monthsPerRun) {
        Scenario candidate = scenario.withScaler(config);
        PolicyResult result;
        try (SessionAwareRun run = new SessionAwareRun(bridge, Fidelity.FAST)) {
            result = new ScenarioWorld(candidate, trace, candidate.startsAt()).run(run, s -> { });
        }
        double minutes = result.outcome().taskMinutes();
        return new Candidate(config, result.outcome(), minutes == 0 ? 0 : oracle / minutes,
                Math.round(minutes * usdPerTaskMinute / monthsPerRun * 100) / 100.0);
    }

    /** The cheapest candidate that cut nothing and refused no more than the baseline; fewer refusals break ties. */
    static Optional<Candidate> recommend(Candidate baseline, List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.acceptableAgainst(baseline))
                .min(Comparator.comparingDouble((Candidate c) -> c.outcome().taskMinutes())
                        .thenComparingInt(c -> c.outcome().sessionsRejected()));
    }

    /** What runs: the scenario's own configuration (the baseline) first, then the grid's other candidates. */
    public static List<ScalerConfig> configs(Scenario scenario, Grid grid) {
        ScalerConfig baseConfig = scenario.scaler().toBuilder().dryRun(false).build("scaler");
        List<ScalerConfig> configs = new ArrayList<>();
        configs.add(baseConfig);
        grid(scenario.scaler(), grid).stream().filter(c -> !c.equals(baseConfig)).forEach(configs::add);
        return configs;
    }
}
