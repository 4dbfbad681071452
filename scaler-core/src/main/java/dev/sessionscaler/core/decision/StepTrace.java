package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.model.ReasonCode;

/** One pipeline step's output, kept in the audit record so every decision can be explained. */
public record StepTrace(String step, int desiredCount, ReasonCode reason, String detail) {
}
