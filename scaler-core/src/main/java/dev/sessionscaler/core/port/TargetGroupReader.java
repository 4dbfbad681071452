package dev.sessionscaler.core.port;

import dev.sessionscaler.core.drain.TargetGroupFacts;

/** Reads what a target group does when a target leaves it (adapter: {@code ElbTargetGroupReader}). */
public interface TargetGroupReader {
    /** The target group's kind and deregistration settings, as AWS has them now. */
    TargetGroupFacts facts(String targetGroupArn);
}
