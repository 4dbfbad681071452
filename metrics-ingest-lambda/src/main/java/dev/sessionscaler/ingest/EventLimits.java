package dev.sessionscaler.ingest;

import java.time.Duration;

/**
 * Bounds a session event must respect to be accepted.
 *
 * @param maxBodyBytes      largest message body, in UTF-8 bytes
 * @param maxHeartbeatIds   most session ids in one heartbeat
 * @param maxAge            oldest timestamp accepted, relative to the time of processing; older events
 *                          are superseded by heartbeats long before, and a replay that old is a bug
 * @param maxFutureSkew     how far a timestamp may be ahead of the message's receipt by AWS (clock skew between
 *                          task and AWS). Tight: a task clock that runs ahead and then steps back has its newer
 *                          heartbeats ignored as older evidence for up to this long
 * @param tombstoneRetention how long an ended session is remembered, so a late duplicate START
 *                          cannot revive it; must exceed {@code maxAge}
 */
public record EventLimits(int maxBodyBytes, int maxHeartbeatIds, Duration maxAge, Duration maxFutureSkew,
                          Duration tombstoneRetention) {

    public static final EventLimits DEFAULTS = new EventLimits(64 * 1024, 1000, Duration.ofHours(24),
            Duration.ofSeconds(30), Duration.ofHours(48));

    public EventLimits {
        if (maxBodyBytes < 256 || maxHeartbeatIds < 1 || maxAge.isNegative() || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("event limits must be positive");
        }
        if (tombstoneRetention.compareTo(maxAge) <= 0) {
            throw new IllegalArgumentException("tombstoneRetention must exceed maxAge, or a late START could revive an ended session");
        }
    }
}
