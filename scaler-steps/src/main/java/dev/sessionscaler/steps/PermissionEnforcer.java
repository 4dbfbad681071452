package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.StepGrants;
import dev.sessionscaler.core.port.TargetRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks each port call of a local workflow run against {@link StepGrants}, as IAM checks a function's role: the
 * running Task state must be granted what the call needs, or the call fails with {@link AccessDenied}. Calls made
 * outside any state (the test harness, the analyzer) are not checked.
 */
public final class PermissionEnforcer {
    private String state;

    /** A call IAM would refuse: the state's function is not granted what the call needs. */
    public static final class AccessDenied extends RuntimeException {
        AccessDenied(String message) {
            super(message);
        }
    }

    /** The same ports, each call checked against the running state's grants. */
    public ScaleSteps.Ports guard(ScaleSteps.Ports ports) {
        return new ScaleSteps.Ports(guard(FleetReader.class, ports.fleet()), guard(SessionStore.class, ports.sessions()),
                guard(ServiceActuator.class, ports.ecs()), guard(TargetRegistry.class, ports.targets()),
                guard(Lease.class, ports.lease()), guard(ScaleLedgerStore.class, ports.ledger()));
    }

    /** The same handlers, each marking its state as running while it runs. */
    public Map<String, Function<JsonNode, JsonNode>> around(Map<String, Function<JsonNode, JsonNode>> handlers) {
        Map<String, Function<JsonNode, JsonNode>> wrapped = new LinkedHashMap<>();
        handlers.forEach((name, handler) -> wrapped.put(name, input -> {
            state = name;
            try {
                return handler.apply(input);
            } finally {
                state = null;
            }
        }));
        return Map.copyOf(wrapped);
    }

    private <T> T guard(Class<T> port, T target) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            check(port, method);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return port.cast(proxy);
    }

    private void check(Class<?> port, Method method) {
        if (state == null || method.getDeclaringClass() == Object.class) {
            return;
        }
        StepGrants.Permission needed = StepGrants.needed(port, method.getName());
        Set<StepGrants.Permission> granted = StepGrants.of(state);
        if (needed == null || !granted.contains(needed)) {
            throw new AccessDenied("the " + state + " function is not granted " + (needed == null ? "any permission" : needed)
                    + " for " + port.getSimpleName() + "." + method.getName() + " (StepGrants)");
        }
    }
}
