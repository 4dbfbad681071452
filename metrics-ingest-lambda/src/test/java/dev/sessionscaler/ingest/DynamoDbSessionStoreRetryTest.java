package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.paginators.QueryIterable;

/** Retry behaviour of the DynamoDB adapter, with the SDK client mocked. */
@SuppressWarnings("unchecked")
class DynamoDbSessionStoreRetryTest {
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    private final List<Long> pauses = new ArrayList<>();
    private DynamoDbSessionStore store;

    @BeforeEach
    void setUp() {
        store = new DynamoDbSessionStore(dynamo, "sessions", Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC),
                EventLimits.DEFAULTS, new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(100), pauses::add));
        when(dynamo.getItem(any(Consumer.class))).thenReturn(GetItemResponse.builder().build());
    }

    private static TransactionCanceledException cancelled(String... codes) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (String code : codes) {
            reasons.add(CancellationReason.builder().code(code).build());
        }
        return TransactionCanceledException.builder().message("cancelled").cancellationReasons(reasons).build();
    }

    @Test
    void aConflictingWriterIsRetriedAfterABackoffFromFreshState() {
        when(dynamo.transactWriteItems(any(Consumer.class)))
                .thenThrow(cancelled("None", "ConditionalCheckFailed"))
                .thenThrow(cancelled("TransactionConflict", "None"))
                .thenReturn(TransactWriteItemsResponse.builder().build());

        assertThat(store.record(start("a", "s1", 1)).sessionsOpened()).isEqualTo(1);

        verify(dynamo, times(3)).transactWriteItems(any(Consumer.class));
        verify(dynamo, times(6)).getItem(any(Consumer.class));
        assertThat(pauses).hasSize(2).allSatisfy(p -> assertThat(p).isBetween(0L, 100L));
    }

    @Test
    void givesUpAfterTheLastAttemptSoSqsRedeliversTheMessage() {
        when(dynamo.transactWriteItems(any(Consumer.class))).thenThrow(cancelled("None", "ConditionalCheckFailed"));
        assertThatThrownBy(() -> store.record(start("a", "s1", 1))).isInstanceOf(TransactionCanceledException.class);
        verify(dynamo, times(3)).transactWriteItems(any(Consumer.class));
    }

    @Test
    void otherCancellationsAreNotRetried() {
        when(dynamo.transactWriteItems(any(Consumer.class))).thenThrow(cancelled("ValidationError", "None"));
        assertThatThrownBy(() -> store.record(start("a", "s1", 1))).isInstanceOf(TransactionCanceledException.class);
        verify(dynamo, times(1)).transactWriteItems(any(Consumer.class));
        assertThat(pauses).isEmpty();
    }

    @Test
    void unprocessedDeletesAreRetriedWithBackoff() {
        Map<String, AttributeValue> aggregate = Map.of("taskArn", AttributeValue.fromS(Events.arn("dead")));
        QueryIterable aggregates = mock(QueryIterable.class);
        when(aggregates.items()).thenReturn(List.of(aggregate)::iterator);
        QueryIterable sessions = mock(QueryIterable.class);
        when(sessions.items()).thenReturn(List.<Map<String, AttributeValue>>of()::iterator);
        when(dynamo.queryPaginator(any(Consumer.class))).thenReturn(aggregates, sessions);
        WriteRequest leftOver = WriteRequest.builder().build();
        when(dynamo.batchWriteItem(any(Consumer.class)))
                .thenReturn(BatchWriteItemResponse.builder().unprocessedItems(Map.of("sessions", List.of(leftOver))).build())
                .thenReturn(BatchWriteItemResponse.builder().build());

        assertThat(store.purgeTasksNotIn(SERVICE, Set.of())).isEqualTo(1);

        verify(dynamo, times(2)).batchWriteItem(any(Consumer.class));
        assertThat(pauses).hasSize(1);
    }
}
