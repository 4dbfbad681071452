package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import java.time.Instant;
import java.util.Collection;

/** Reads the latest CPU/memory figures at or before {@code now} (adapter: {@code CloudWatchMetricsReader}). */
public interface MetricsReader {
    ServiceMetrics read(ServiceRef service, Collection<String> taskArns, Instant now);
}
