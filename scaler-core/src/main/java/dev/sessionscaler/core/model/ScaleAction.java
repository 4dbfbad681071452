package dev.sessionscaler.core.model;

/**
 * What a decision asks for: more tasks (and cordoned ones back first), an idle task stopped, surplus tasks cordoned
 * (section 5b), cordoned tasks back in service, drained cordoned tasks stopped, or nothing.
 */
public enum ScaleAction {
    SCALE_OUT, SCALE_IN, CORDON, READMIT, RETIRE, NONE
}
