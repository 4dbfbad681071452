package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The learned floor ({@code predictiveFloor}): the analyzer keeps, for each half hour of the week (UTC), the most
 * sessions the service held in it, one value per week for the last {@link #WEEKS} weeks. At {@code now} the floor is
 * what the busiest of those weeks needed in this half hour and the next, at the target utilisation: the morning ramp
 * of past Mondays raises next Monday's minimum half an hour ahead, without a schedule. It only raises the minimum
 * (never above {@code maxTasks}); the reactive rules stay in charge of everything else.
 */
public final class LearnedFloor {
    /** How many past weeks count. */
    public static final int WEEKS = 4;
    public static final int SLOT_MINUTES = 30;
    public static final int SLOTS_PER_WEEK = 7 * 24 * 60 / SLOT_MINUTES;
    /** 1970-01-05, the first Monday after the epoch: weeks are counted from it. */
    private static final long FIRST_MONDAY_EPOCH_DAY = 4;

    private LearnedFloor() {
    }

    /** The most sessions seen in one half hour of the week, by week ({@link #weekOf}). */
    public record Peaks(int slot, Map<Long, Integer> byWeek) {
        public Peaks {
            byWeek = Map.copyOf(byWeek);
        }
    }

    /** What the learned floor asks for at a decision, and why (for the audit record). */
    public record Floor(int minTasks, int peakSessions, String reason) {
    }

    /** The half hour of the week {@code at} falls in: 0 is Monday 00:00-00:30 UTC. */
    public static int slotOf(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return (t.getDayOfWeek().getValue() - 1) * 48 + t.getHour() * 2 + t.getMinute() / SLOT_MINUTES;
    }

    /** The week {@code at} falls in, counted from the epoch's first Monday (weeks start Monday 00:00 UTC). */
    public static long weekOf(Instant at) {
        return Math.floorDiv(Math.floorDiv(at.getEpochSecond(), 86_400) - FIRST_MONDAY_EPOCH_DAY, 7);
    }

    /** The half hours whose past peaks set the floor at {@code now}: this one and the next. */
    public static List<Integer> slotsAhead(Instant now) {
        return List.of(slotOf(now), slotOf(now.plus(Duration.ofMinutes(SLOT_MINUTES))));
    }

    /**
     * The floor at {@code now} from the peaks of {@link #slotsAhead} (in any order): the tasks the busiest of the last
     * {@link #WEEKS} weeks (this week not included) needed in this half hour or the next, at the target utilisation,
     * at most {@code maxTasks}; null when that is no more than {@code minTasks} or nothing has been learned yet.
     */
    public static Floor floor(List<Peaks> peaks, Instant now, ScalerConfig config) {
        int peak = 0;
        String when = null;
        for (Instant at : List.of(now, now.plus(Duration.ofMinutes(SLOT_MINUTES)))) {
            int slot = slotOf(at);
            long week = weekOf(at);
            for (Peaks p : peaks) {
                if (p.slot() != slot) {
                    continue;
                }
                for (Map.Entry<Long, Integer> e : p.byWeek().entrySet()) {
                    if (e.getKey() < week && e.getKey() >= week - WEEKS && e.getValue() > peak) {
                        peak = e.getValue();
                        when = describe(slot) + ", " + (week - e.getKey()) + " week(s) ago";
                    }
                }
            }
        }
        double perTask = config.sessionsPerTask() * config.targetSessionUtilization();
        int tasks = Math.min(config.maxTasks(), (int) Math.ceil(peak / perTask));
        if (tasks <= config.minTasks()) {
            return null;
        }
        return new Floor(tasks, peak, "learned: " + peak + " sessions at " + when + " need " + tasks + " tasks at "
                + Math.round(config.targetSessionUtilization() * 100) + " % of " + config.sessionsPerTask() + " slots");
    }

    /**
     * The floor while the learned peaks cannot be read: the tasks in service now held (doubt keeps capacity), at most
     * {@code maxTasks}; null when that is no more than {@code minTasks}.
     */
    public static Floor holding(int inService, ScalerConfig config) {
        int tasks = Math.min(config.maxTasks(), inService);
        return tasks <= config.minTasks() ? null
                : new Floor(tasks, 0, "learned: the past weeks' peaks could not be read, so the current " + tasks + " task(s) are held");
    }

    /** e.g. {@code MON 08:00-08:30 UTC}. */
    static String describe(int slot) {
        DayOfWeek day = DayOfWeek.of(slot / 48 + 1);
        int minutes = (slot % 48) * SLOT_MINUTES;
        return day.name().substring(0, 3) + String.format(" %02d:%02d-%02d:%02d UTC", minutes / 60, minutes % 60,
                (minutes + SLOT_MINUTES) / 60 % 24, (minutes + SLOT_MINUTES) % 60);
    }
}
