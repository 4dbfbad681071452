package dev.sessionscaler.core.model;

/** What a decision asks for. */
public enum ScaleAction {
    SCALE_OUT, SCALE_IN, NONE
}
