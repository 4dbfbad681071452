package dev.sessionscaler.sim.run;

/**
 * How the session-aware policy's state and session path run. Both run the real ingest handler, analyzer, workflow
 * definition (on aws-local-stepfunctions) and step handlers.
 */
public enum Fidelity {
    /** Session events through ElasticMQ and the event source mapping; sessions, lease, ledger and history in DynamoDB Local. */
    FULL,
    /**
     * Session events handed straight to the ingest handler (no queue), and the in-memory twins of the stores (no
     * DynamoDB Local): for sweeps and long traces.
     */
    FAST
}
