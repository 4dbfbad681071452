package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import java.util.Map;
import java.util.Set;

class InMemorySessionStoreTest extends SessionStoreContract<InMemorySessionStore> {
    @Override
    protected InMemorySessionStore store() {
        return new InMemorySessionStore();
    }

    @Override
    protected Map<String, Set<String>> activeIds(InMemorySessionStore store, ServiceRef service) {
        return store.activeSessionIds(service);
    }
}
