package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ServiceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Execution names derived from the service and the decision's minute, so a retried invocation for the
 * same scheduled minute asks for the same name and cannot start a duplicate. Names keep to Step
 * Functions' limits: at most 80 characters of letters, digits, '-' and '_'.
 */
public final class ExecutionNames {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private ExecutionNames() {
    }

    public static String of(ServiceRef service, Instant decisionTime) {
        return named(service, "", decisionTime);
    }

    /** The name of a reconciliation's {@code recover} execution for that minute. */
    public static String recovery(ServiceRef service, Instant decisionTime) {
        return named(service, "recover-", decisionTime);
    }

    private static String named(ServiceRef service, String kind, Instant decisionTime) {
        String minute = kind + MINUTE.format(decisionTime.truncatedTo(ChronoUnit.MINUTES));
        String name = service.cluster() + "-" + service.service() + "-" + minute;
        if (name.length() <= 80) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(service.key())).substring(0, 12);
        return name.substring(0, 80 - minute.length() - hash.length() - 2) + "-" + hash + "-" + minute;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
