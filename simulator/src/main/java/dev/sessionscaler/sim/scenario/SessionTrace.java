package dev.sessionscaler.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The traffic of a scenario, recorded ({@link TraceFile}) or generated once from its seed so every policy sees the same
 * sessions. Generated:
 * arrivals are a Poisson process whose rate is interpolated linearly between the scenario's points
 * (and held after the last), and session lengths are log-normal with the scenario's median and p95.
 */
public final class SessionTrace {
    /** The 95th percentile of the standard normal distribution. */
    private static final double Z95 = 1.6448536269514722;

    /** One session: when it arrives and how long it would last, in seconds from the scenario's start. */
    public record Session(int id, int arrivalSecond, int durationSeconds) {
        public int endSecond() {
            return arrivalSecond + durationSeconds;
        }
    }

    private SessionTrace() {
    }

    /** The scenario's sessions: its recorded ones that arrive within its duration, or those its seed generates. */
    public static List<Session> generate(Scenario scenario) {
        if (scenario.recorded() != null) {
            long end = scenario.durationMinutes() * 60L;
            return scenario.recorded().sessions().stream().takeWhile(s -> s.arrivalSecond() < end).toList();
        }
        SplittableRandom random = new SplittableRandom(scenario.seed());
        double mu = Math.log(scenario.sessionMinutes().median());
        double sigma = (Math.log(scenario.sessionMinutes().p95()) - mu) / Z95;
        List<Session> sessions = new ArrayList<>();
        for (int minute = 0; minute < scenario.durationMinutes(); minute++) {
            int arrivals = poisson(random, rateAt(scenario.arrivals(), minute));
            for (int i = 0; i < arrivals; i++) {
                double minutes = Math.exp(mu + sigma * gaussian(random));
                int duration = (int) Math.max(1, Math.round(minutes * 60));
                sessions.add(new Session(sessions.size(), minute * 60 + random.nextInt(60), duration));
            }
        }
        sessions.sort((a, b) -> a.arrivalSecond() != b.arrivalSecond() ? Integer.compare(a.arrivalSecond(), b.arrivalSecond())
                : Integer.compare(a.id(), b.id()));
        return List.copyOf(sessions);
    }

    /** New sessions per minute at {@code minute}: linear between points, flat before the first and after the last. */
    public static double rateAt(List<Scenario.RatePoint> points, double minute) {
        if (minute <= points.get(0).atMinute()) {
            return points.get(0).sessionsPerMinute();
        }
        for (int i = 1; i < points.size(); i++) {
            Scenario.RatePoint a = points.get(i - 1);
            Scenario.RatePoint b = points.get(i);
            if (minute <= b.atMinute()) {
                double share = (minute - a.atMinute()) / (b.atMinute() - a.atMinute());
                return a.sessionsPerMinute() + share * (b.sessionsPerMinute() - a.sessionsPerMinute());
            }
        }
        return points.get(points.size() - 1).sessionsPerMinute();
    }

    /** Knuth's method in chunks of 30, so large rates do not underflow exp(-lambda). */
    private static int poisson(SplittableRandom random, double lambda) {
        int count = 0;
        double left = lambda;
        while (left > 0) {
            double chunk = Math.min(left, 30);
            double limit = Math.exp(-chunk);
            double product = random.nextDouble();
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            left -= chunk;
        }
        return count;
    }

    /** Box-Muller: one standard normal draw from the seeded generator. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
