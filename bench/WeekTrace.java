import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a seeded 7-day session trace (CSV: sessionId,start,end) for the benchmark of a week's replay: five workdays
 * shaped like rdp-workday (quiet night, morning ramp, lunch dip, evening tail; sessions of 45 min median, 3 h p95) and a
 * weekend at a third of the rate. Run with {@code java bench/WeekTrace.java OUT.csv} (a single-file program).
 */
public final class WeekTrace {
    private static final double[][] DAY = {{0, 0.2}, {360, 0.3}, {480, 4.0}, {690, 3.5}, {750, 1.5}, {810, 3.5}, {1020, 3.0},
            {1140, 0.8}, {1440, 0.2}};

    public static void main(String[] args) throws IOException {
        SplittableRandom random = new SplittableRandom(20260302);
        Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        Instant weekEnd = monday.plusSeconds(7 * 86400L);  // a recorded week ends when the recording does
        double mu = Math.log(45);
        double sigma = (Math.log(180) - mu) / 1.6448536269514722;
        int id = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            out.println("sessionId,start,end");
            for (int minute = 0; minute < 7 * 1440; minute++) {
                double rate = rate(minute % 1440) * (minute / 1440 >= 5 ? 1 / 3.0 : 1);
                int arrivals = poisson(random, rate);
                for (int i = 0; i < arrivals; i++) {
                    double u = 1 - random.nextDouble();
                    double length = Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
                    Instant start = monday.plusSeconds(minute * 60L + random.nextInt(60));
                    Instant end = start.plusSeconds(Math.max(1, Math.round(length * 60)));
                    out.println("w-" + id++ + "," + start + "," + (end.isAfter(weekEnd) ? weekEnd : end));
                }
            }
        }
        System.err.println("WeekTrace: " + id + " sessions in " + args[0]);
    }

    private static double rate(double minute) {
        for (int i = 1; i < DAY.length; i++) {
            if (minute <= DAY[i][0]) {
                double share = (minute - DAY[i - 1][0]) / (DAY[i][0] - DAY[i - 1][0]);
                return DAY[i - 1][1] + share * (DAY[i][1] - DAY[i - 1][1]);
            }
        }
        return DAY[DAY.length - 1][1];
    }

    private static int poisson(SplittableRandom random, double lambda) {
        int count = 0;
        double product = random.nextDouble();
        double limit = Math.exp(-lambda);
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
