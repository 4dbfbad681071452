package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScheduleWindow;
import dev.sessionscaler.core.model.ReasonCode;

/**
 * A minimum above {@code minTasks} at one decision: a scheduled window's, or the learned one. The clamp names it, and
 * gives its reason when it is what raised the count.
 */
public record RaisedFloor(int minTasks, ReasonCode reason, String name, String description) {

    /** The higher of the active window's floor and the learned one, if either is above {@code minTasks}; else null. */
    public static RaisedFloor highest(int minTasks, ScheduleWindow window, LearnedFloor.Floor learned) {
        RaisedFloor scheduled = window == null || window.minTasks() <= minTasks ? null
                : new RaisedFloor(window.minTasks(), ReasonCode.SCHEDULED_FLOOR, "the scheduled floor", window.describe());
        RaisedFloor fromHistory = learned == null || learned.minTasks() <= minTasks ? null
                : new RaisedFloor(learned.minTasks(), ReasonCode.LEARNED_FLOOR, "the learned floor", learned.reason());
        if (scheduled == null || fromHistory == null) {
            return scheduled != null ? scheduled : fromHistory;
        }
        return fromHistory.minTasks() > scheduled.minTasks() ? fromHistory : scheduled;
    }

    /** e.g. {@code the scheduled floor 12 (MON,TUE 07:45-09:30 UTC: minTasks 12)}. */
    public String named() {
        return name + " " + minTasks + " (" + description + ")";
    }
}
