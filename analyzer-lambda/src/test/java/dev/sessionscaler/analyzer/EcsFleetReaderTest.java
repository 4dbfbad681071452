package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.GetTaskProtectionRequest;
import software.amazon.awssdk.services.ecs.model.GetTaskProtectionResponse;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

@SuppressWarnings("unchecked")
class EcsFleetReaderTest {
    static final ServiceRef REF = new ServiceRef("demo", "rdp");
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final EcsClient ecs = mock(EcsClient.class);
    private final EcsFleetReader reader = new EcsFleetReader(ecs, Clock.fixed(NOW, ZoneOffset.UTC));

    static String arn(int i) {
        return "arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i;
    }

    static Task task(String arn) {
        return Task.builder().taskArn(arn).availabilityZone("us-east-1a").startedAt(NOW.minusSeconds(600))
                .lastStatus("RUNNING").healthStatus(HealthStatus.HEALTHY)
                .attachments(Attachment.builder().type("ElasticNetworkInterface").details(
                        KeyValuePair.builder().name("subnetId").value("subnet-1").build(),
                        KeyValuePair.builder().name("privateIPv4Address").value("10.0.3.4").build()).build())
                .build();
    }

    @BeforeEach
    void realPaginators() {
        // the SDK's paginators are default methods that call listTasks page by page: keep them real
        when(ecs.listTasksPaginator(any(Consumer.class))).thenCallRealMethod();
        when(ecs.listTasksPaginator(any(ListTasksRequest.class))).thenCallRealMethod();
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .services(Service.builder().desiredCount(250).deployments(Deployment.builder()
                        .rolloutState(DeploymentRolloutState.COMPLETED).build()).build()).build());
    }

    private void listTasksInPages(List<String> arns, int pageSize) {
        List<ListTasksResponse> pages = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += pageSize) {
            boolean last = from + pageSize >= arns.size();
            pages.add(ListTasksResponse.builder().taskArns(arns.subList(from, Math.min(arns.size(), from + pageSize)))
                    .nextToken(last ? null : "page" + (from + pageSize)).build());
        }
        var stub = when(ecs.listTasks(any(ListTasksRequest.class)));
        for (ListTasksResponse page : pages) {
            stub = stub.thenReturn(page);
        }
    }

    @Test
    void readsAllPagesAndDescribesInBatchesOfOneHundred() {
        List<String> arns = IntStream.range(0, 250).mapToObj(EcsFleetReaderTest::arn).toList();
        listTasksInPages(arns, 100);
        when(ecs.describeTasks(any(Consumer.class))).thenAnswer(inv -> {
            DescribeTasksRequest.Builder b = DescribeTasksRequest.builder();
            ((Consumer<DescribeTasksRequest.Builder>) inv.getArgument(0)).accept(b);
            return DescribeTasksResponse.builder().tasks(b.build().tasks().stream().map(EcsFleetReaderTest::task).toList()).build();
        });

        var fleet = reader.read(REF);

        assertThat(fleet.tasks()).hasSize(250);
        assertThat(fleet.service().desiredCount()).isEqualTo(250);
        assertThat(fleet.service().deploymentInProgress()).isFalse();
        verify(ecs, times(3)).listTasks(any(ListTasksRequest.class));
        verify(ecs, times(3)).describeTasks(any(Consumer.class));
    }

    @Test
    void tasksThatVanishBetweenListAndDescribeAreLeftOut() {
        listTasksInPages(List.of(arn(1), arn(2), arn(3)), 100);
        when(ecs.describeTasks(any(Consumer.class))).thenReturn(DescribeTasksResponse.builder()
                .tasks(task(arn(1)), task(arn(3)))
                .failures(Failure.builder().arn(arn(2)).reason("MISSING").build()).build());

        assertThat(reader.read(REF).tasks()).extracting(EcsTask::taskArn).containsExactly(arn(1), arn(3));
    }

    @Test
    void mapsStatusHealthAndDeployments() {
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .services(Service.builder().desiredCount(2).deployments(
                        Deployment.builder().rolloutState(DeploymentRolloutState.IN_PROGRESS).build()).build()).build());
        listTasksInPages(List.of(arn(1), arn(2), arn(3)), 100);
        when(ecs.describeTasks(any(Consumer.class))).thenReturn(DescribeTasksResponse.builder().tasks(
                task(arn(1)).toBuilder().healthStatus(HealthStatus.UNKNOWN).build(),
                task(arn(2)).toBuilder().healthStatus(HealthStatus.UNHEALTHY).lastStatus("PENDING").startedAt(null).build(),
                task(arn(3)).toBuilder().lastStatus("SOMETHING_NEW").build()).build());

        var fleet = reader.read(REF);

        assertThat(fleet.service().deploymentInProgress()).isTrue();
        assertThat(fleet.tasks()).extracting(EcsTask::healthy).containsExactly(true, false, true);
        assertThat(fleet.tasks()).extracting(EcsTask::privateIpv4Address).containsOnly("10.0.3.4");
        assertThat(fleet.tasks()).extracting(EcsTask::lifecycle)
                .containsExactly(TaskLifecycle.RUNNING, TaskLifecycle.PENDING, TaskLifecycle.STOPPED);
    }

    @Test
    void aMissingServiceIsAClearError() {
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .failures(Failure.builder().arn("rdp").reason("MISSING").build()).build());
        assertThatThrownBy(() -> reader.read(REF)).hasMessageStartingWith("ECS service demo/rdp not found");
    }

    @Test
    void aServiceBeingDeletedOrDeletedIsNotFoundButAnActiveOneIs() {
        // found against moto_server (EcsAdaptersMotoTest): ECS still describes a deleted service, INACTIVE, desired count 0
        for (String status : List.of("DRAINING", "INACTIVE")) {
            when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                    .services(Service.builder().status(status).desiredCount(0).build()).build());
            assertThatThrownBy(() -> reader.read(REF)).hasMessageStartingWith("ECS service demo/rdp not found").hasMessageContaining(status);
        }
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .services(Service.builder().status("ACTIVE").desiredCount(3).build()).build());
        when(ecs.listTasks(any(ListTasksRequest.class))).thenReturn(ListTasksResponse.builder().build());
        assertThat(reader.read(REF).service().desiredCount()).isEqualTo(3);
    }

    @Test
    void throttlingIsNotSwallowed() {
        when(ecs.describeServices(any(Consumer.class))).thenThrow(EcsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());
        assertThatThrownBy(() -> reader.read(REF)).isInstanceOf(EcsException.class);
    }

    @Test
    void protectionIsReadTenTasksACallAndExpiredProtectionDoesNotCount() {
        List<String> arns = IntStream.range(0, 25).mapToObj(EcsFleetReaderTest::arn).toList();
        when(ecs.getTaskProtection(any(Consumer.class))).thenAnswer(inv -> {
            GetTaskProtectionRequest.Builder b = GetTaskProtectionRequest.builder();
            ((Consumer<GetTaskProtectionRequest.Builder>) inv.getArgument(0)).accept(b);
            List<String> page = b.build().tasks();
            assertThat(page.size()).isLessThanOrEqualTo(10);
            return GetTaskProtectionResponse.builder().protectedTasks(page.stream().map(a -> ProtectedTask.builder().taskArn(a)
                    .protectionEnabled(a.equals(arn(3)) || a.equals(arn(14)) || a.equals(arn(20)))
                    .expirationDate(a.equals(arn(20)) ? NOW.minusSeconds(1) : NOW.plusSeconds(600)).build()).toList()).build();
        });

        Set<String> protectedTasks = reader.protectedAmong(REF, arns);

        assertThat(protectedTasks).containsExactlyInAnyOrder(arn(3), arn(14));
        verify(ecs, times(3)).getTaskProtection(any(Consumer.class));
    }
}
