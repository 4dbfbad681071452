package dev.sessionscaler.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A desired-count decrease, written before UpdateService is called, so that a repeated call sets the same count
 * and whoever undoes the stop knows the count may have been lowered (invariants 2 and 10).
 *
 * @param holder        the execution that lowers the count
 * @param victims       the tasks the decrease is for
 * @param desiredBefore the desired count before the decrease
 * @param desiredSet    the desired count set
 * @param requestedAt   when UpdateService was first called
 */
public record StopRecord(String holder, List<String> victims, int desiredBefore, int desiredSet, Instant requestedAt) {
    public StopRecord {
        victims = List.copyOf(victims);
    }
}
