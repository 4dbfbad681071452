package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 4 on DynamoDB Local: one holder per service at a time. */
class DynamoDbLeaseTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration TTL = Duration.ofMinutes(30);
    private static LocalDynamoDb dynamo;
    private DynamoDbLease lease;

    @BeforeAll
    static void start() {
        dynamo = new LocalDynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        lease = new DynamoDbLease(dynamo.client, dynamo.newTable());
    }

    @Test
    void aSecondHolderIsRefusedWhileTheFirstHoldsIt() {
        assertThat(lease.tryAcquire(RDP, "exec-1", NOW, TTL)).isTrue();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plusSeconds(60), TTL)).isFalse();
        assertThat(lease.tryAcquire(new ServiceRef("demo", "vnc"), "exec-2", NOW, TTL)).as("per service").isTrue();
    }

    @Test
    void theSameHolderMayTakeItAgainSoARetryIsNotLockedOut() {
        assertThat(lease.tryAcquire(RDP, "exec-1", NOW, TTL)).isTrue();
        assertThat(lease.tryAcquire(RDP, "exec-1", NOW.plusSeconds(5), TTL)).isTrue();
    }

    @Test
    void anExpiredLeaseCanBeTaken() {
        assertThat(lease.tryAcquire(RDP, "exec-1", NOW, TTL)).isTrue();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plus(TTL).minusMillis(1), TTL)).isFalse();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plus(TTL), TTL)).isTrue();
    }

    @Test
    void onlyTheHolderReleasesIt() {
        lease.tryAcquire(RDP, "exec-1", NOW, TTL);
        lease.release(RDP, "exec-2");
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW, TTL)).as("a stranger's release frees nothing").isFalse();
        lease.release(RDP, "exec-1");
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW, TTL)).isTrue();
        lease.release(RDP, "exec-1");
        lease.release(RDP, "exec-1");
    }

    @Test
    void concurrentContendersGetExactlyOneLease() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String holder = "exec-" + i;
                results.add(pool.submit((Callable<Boolean>) () -> lease.tryAcquire(RDP, holder, NOW, TTL)));
            }
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void onlyTheHolderRenewsItAndRenewingExtendsIt() {
        lease.tryAcquire(RDP, "exec-1", NOW, TTL);
        assertThat(lease.renew(RDP, "exec-2", NOW.plusSeconds(60), TTL)).as("a stranger cannot renew").isFalse();
        assertThat(lease.renew(RDP, "exec-1", NOW.plus(TTL).minusSeconds(1), TTL)).isTrue();
        assertThat(lease.current(RDP)).contains(new dev.sessionscaler.core.port.Lease.Held("exec-1", NOW.plus(TTL).minusSeconds(1).plus(TTL)));
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plus(TTL).plusSeconds(1), TTL))
                .as("renewed past its first expiry: still held").isFalse();
        lease.release(RDP, "exec-1");
        assertThat(lease.renew(RDP, "exec-1", NOW, TTL)).as("a released lease is not renewed back").isFalse();
        assertThat(lease.current(RDP)).isEmpty();
    }
}
