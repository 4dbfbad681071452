package dev.sessionscaler.sim.run;

/**
 * How the session-aware policy's session path runs. Both run the real ingest handler, analyzer, workflow definition
 * (on aws-local-stepfunctions) and step handlers, and keep the lease, ledger and decisions in DynamoDB Local.
 */
public enum Fidelity {
    /** Session events through ElasticMQ and the event source mapping into the DynamoDB session store. */
    FULL,
    /**
     * Session events handed straight to the ingest handler (no queue) and the in-memory session store, which the
     * session store contract tests hold to the same behaviour as the DynamoDB one: for sweeps and long traces.
     */
    FAST
}
