package dev.sessionscaler.analyzer;

import dev.sessionscaler.ingest.MotoServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskLifecycle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@link EcsFleetReader} and {@link ElbTargetGroupReader} against moto_server: what the readers return is what moto
 * holds. Skipped, with a notice, where moto_server is not installed.
 *
 * <p>Found here: ECS goes on describing a deleted service (status INACTIVE, desired count 0) rather than reporting it
 * MISSING, and the reader read it as a live service without tasks, which the analyzer would scale out to its minimum
 * every minute with a workflow failing at UpdateService. The reader now reports a deleted (or DRAINING) service as not
 * found ({@link #aDeletedServiceIsNotReadAsALiveServiceOfNoTasks}; EcsFleetReaderTest for DRAINING).
 *
 * <p>What moto (5.2) rejects or mishandles here, and what it means for us (none of it is a bug in these adapters):
 * <ul>
 *   <li>ListTasks ignores {@code maxResults} and {@code nextToken} and never pages, so the reader's ListTasks paging is
 *       not exercised here (EcsFleetReaderTest keeps it, with mocked pages); DescribeTasks' 100-task pages are.</li>
 *   <li>ListTasks ignores {@code serviceName} (moto's services launch no tasks): it lists every task of the cluster.
 *       Each test's service therefore has a cluster of its own; the tasks stand in for the service's, started by
 *       RunTask with {@code group=service:<name>} as ECS does.</li>
 *   <li>By default moto moves a task one state further each time DescribeTasks shows it (RUNNING, then DEACTIVATING,
 *       STOPPING...): a fleet read twice would be leaving. The class pins tasks at RUNNING through moto's state manager.</li>
 *   <li>DescribeTasks answers no {@code availabilityZone}, {@code startedAt} or {@code healthStatus}, and no failure
 *       for an unknown task; DescribeServices has no {@code availabilityZoneRebalancing}, and a service's only
 *       deployment is fixed when the service is created: {@code IN_PROGRESS} for ever unless its desired count is 0
 *       (moto counts no task of a service as running), so the reader reports such a service as deploying.</li>
 *   <li>CreateService with an awsvpc network configuration but no security groups fails with HTTP 500 (KeyError in
 *       moto); with security groups it wants real ones. GetTaskProtection is not implemented (HTTP 500), so
 *       {@code protection()} stays on EcsFleetReaderTest's mocks.</li>
 * </ul>
 */
class EcsAdaptersMotoTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final MotoServer.PerClass MOTO = new MotoServer.PerClass();
    private static MotoServer moto;
    private static EcsClient ecs;
    private static ElasticLoadBalancingV2Client elb;
    private static String subnetA;
    private static String subnetB;
    private static String securityGroup;

    @BeforeAll
    static void startMoto() {
        moto = MOTO.server();
        if (moto == null) {
            return;  // each test is skipped by the extension
        }
        ecs = moto.client(EcsClient.builder());
        elb = moto.client(ElasticLoadBalancingV2Client.builder());
        moto.motoApi("/moto-api/state-manager/set-transition",
                "{\"model_name\": \"ecs::task\", \"transition\": {\"progression\": \"manual\", \"times\": 1000000}}");
        subnetA = moto.defaultSubnetId("us-east-1a");
        subnetB = moto.defaultSubnetId("us-east-1b");
        securityGroup = moto.defaultSecurityGroupId();
    }

    /** A cluster of its own with an awsvpc Fargate service of that desired count, and no tasks yet. */
    private static ServiceRef service(int desiredCount) {
        int n = NAMES.incrementAndGet();
        ServiceRef ref = new ServiceRef("demo-" + n, "rdp");
        ecs.createCluster(r -> r.clusterName(ref.cluster()));
        ecs.registerTaskDefinition(r -> r.family("rdp-" + n).networkMode(NetworkMode.AWSVPC).requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder().name("app").image("rdp:latest").memory(512).build()));
        ecs.createService(r -> r.cluster(ref.cluster()).serviceName(ref.service()).taskDefinition("rdp-" + n)
                .desiredCount(desiredCount).launchType(LaunchType.FARGATE)
                .networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(subnetA, subnetB).securityGroups(securityGroup))));
        return ref;
    }

    /** Starts tasks as the service's scheduler would, ten a call (RunTask's limit), alternating subnets; their ENI addresses by ARN. */
    private static Map<String, String> runTasks(ServiceRef ref, int count) {
        String family = ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service())).services().get(0).taskDefinition();
        Map<String, String> addresses = new HashMap<>();
        for (int started = 0; started < count; started += 10) {
            int batch = Math.min(10, count - started);
            String subnet = (started / 10) % 2 == 0 ? subnetA : subnetB;
            for (Task task : ecs.runTask(r -> r.cluster(ref.cluster()).taskDefinition(family).count(batch).launchType(LaunchType.FARGATE)
                    .startedBy("ecs-svc/1234567890123456789").group("service:" + ref.service())
                    .networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(securityGroup)))).tasks()) {
                // as RunTask reported it, read here without the reader's code
                addresses.put(task.taskArn(), task.attachments().stream().flatMap(a -> a.details().stream())
                        .filter(d -> d.name().equals("privateIPv4Address")).map(KeyValuePair::value).findFirst().orElseThrow());
            }
        }
        return addresses;
    }

    /** The client, counting DescribeTasks calls and the most tasks one of them asked for. */
    private static EcsClient countingDescribeTasks(AtomicInteger calls, AtomicInteger largest) {
        return (EcsClient) Proxy.newProxyInstance(EcsClient.class.getClassLoader(), new Class<?>[] {EcsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("describeTasks") && args != null && args[0] instanceof DescribeTasksRequest request) {
                        calls.incrementAndGet();
                        largest.accumulateAndGet(request.tasks().size(), Math::max);
                    }
                    try {
                        // a Consumer overload builds its request and calls the request overload: on the proxy, so it is seen
                        return args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer<?>
                                ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(ecs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void readsEveryRunningTaskOfTheServiceWithItsAddressInDescribePagesOfAHundred() {
        ServiceRef ref = service(147);
        Map<String, String> started = runTasks(ref, 150);
        List<String> stopped = new ArrayList<>(started.keySet()).subList(0, 3);
        stopped.forEach(arn -> ecs.stopTask(r -> r.cluster(ref.cluster()).task(arn).reason("scale-in")));
        Map<String, String> running = new HashMap<>(started);
        stopped.forEach(running::remove);
        AtomicInteger describeCalls = new AtomicInteger();
        AtomicInteger largestPage = new AtomicInteger();
        EcsFleetReader reader = new EcsFleetReader(countingDescribeTasks(describeCalls, largestPage), Clock.systemUTC());

        ServiceFleet fleet = reader.read(ref);

        assertThat(fleet.service().cluster()).isEqualTo(ref.cluster());
        assertThat(fleet.service().service()).isEqualTo(ref.service());
        assertThat(fleet.service().desiredCount()).isEqualTo(147);
        // moto counts none of a service's tasks running, so its deployment stays IN_PROGRESS: the reader reads that as deploying
        assertThat(fleet.service().deploymentInProgress()).isTrue();
        Map<String, String> read = new HashMap<>();
        fleet.tasks().forEach(task -> read.put(task.taskArn(), task.privateIpv4Address()));
        assertThat(read).as("exactly the running tasks, each with its ENI's address").isEqualTo(running);
        assertThat(fleet.tasks()).hasSize(147).allSatisfy(task -> {
            assertThat(task.lifecycle()).isEqualTo(TaskLifecycle.RUNNING);
            assertThat(task.healthy()).as("no health check reported: not unhealthy").isTrue();
            assertThat(task.scaleInProtected()).isFalse();
        });
        assertThat(running.values()).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(describeCalls.get()).as("147 tasks: two DescribeTasks calls").isEqualTo(2);
        assertThat(largestPage.get()).isEqualTo(EcsFleetReader.DESCRIBE_PAGE);
    }

    @Test
    void aServiceWithNoTasksIsReadAsItsDesiredCountAlone() {
        ServiceRef ref = service(0);

        ServiceFleet fleet = new EcsFleetReader(ecs, Clock.systemUTC()).read(ref);

        assertThat(fleet.tasks()).isEmpty();
        assertThat(fleet.service().desiredCount()).isZero();
        assertThat(fleet.service().deploymentInProgress()).as("moto: nothing to start, so its deployment is COMPLETED").isFalse();
        assertThat(fleet.service().azRebalancing()).isFalse();
    }

    @Test
    void aStoppedTaskIsNotInTheFleet() {
        ServiceRef ref = service(2);
        List<String> arns = new ArrayList<>(runTasks(ref, 2).keySet());
        ecs.stopTask(r -> r.cluster(ref.cluster()).task(arns.get(0)).reason("gone"));

        List<EcsTask> tasks = new EcsFleetReader(ecs, Clock.systemUTC()).read(ref).tasks();

        assertThat(tasks).extracting(EcsTask::taskArn).containsExactly(arns.get(1));
    }

    @Test
    void aMissingServiceOrClusterIsAnError() {
        ServiceRef ref = service(1);
        EcsFleetReader reader = new EcsFleetReader(ecs, Clock.systemUTC());

        assertThatThrownBy(() -> reader.read(new ServiceRef(ref.cluster(), "nope")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not found").hasMessageContaining("MISSING");
        assertThatThrownBy(() -> reader.read(new ServiceRef("no-such-cluster", "rdp"))).isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    void aDeletedServiceIsNotReadAsALiveServiceOfNoTasks() {
        // ECS (and moto) go on answering DescribeServices for a deleted service, with status INACTIVE and desired count 0:
        // read as live, the analyzer would start a workflow to scale it out every minute, failing at UpdateService
        ServiceRef ref = service(0);
        ecs.deleteService(r -> r.cluster(ref.cluster()).service(ref.service()));
        assertThat(ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service())).services())
                .extracting(s -> s.status()).containsExactly("INACTIVE");

        assertThatThrownBy(() -> new EcsFleetReader(ecs, Clock.systemUTC()).read(ref))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not found").hasMessageContaining("INACTIVE");
    }

    private static TargetGroupAttribute attribute(String key, String value) {
        return TargetGroupAttribute.builder().key(key).value(value).build();
    }

    private static String targetGroup(ProtocolEnum protocol) {
        return elb.createTargetGroup(r -> r.name("rdp-" + NAMES.incrementAndGet()).protocol(protocol).port(8443)
                .vpcId(moto.defaultVpcId()).targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
    }

    @Test
    void targetGroupFactsComeFromItsProtocolAndAttributes() {
        String alb = targetGroup(ProtocolEnum.HTTP);
        String nlb = targetGroup(ProtocolEnum.TCP);
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(nlb).attributes(
                attribute("deregistration_delay.timeout_seconds", "30"),
                attribute("deregistration_delay.connection_termination.enabled", "true")));

        assertThat(ElbTargetGroupReader.read(elb, alb))
                .isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 300, false));
        assertThat(ElbTargetGroupReader.read(elb, nlb))
                .isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 30, true));
    }

    @Test
    void targetGroupFactsAreCachedForFiveMinutes() {
        String alb = targetGroup(ProtocolEnum.HTTPS);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ElbTargetGroupReader reader = new ElbTargetGroupReader(elb, clock);
        assertThat(reader.facts(alb).deregistrationDelaySeconds()).isEqualTo(300);
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(alb).attributes(attribute("deregistration_delay.timeout_seconds", "120")));

        now.set(now.get().plus(ElbTargetGroupReader.CACHE).minusSeconds(1));
        assertThat(reader.facts(alb).deregistrationDelaySeconds()).as("still cached").isEqualTo(300);
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(reader.facts(alb)).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 120, false));
    }

    @Test
    void aMissingTargetGroupIsAnError() {
        String missing = targetGroup(ProtocolEnum.HTTP).replaceFirst("/[0-9a-f]+$", "/0123456789abcdef");
        assertThatThrownBy(() -> ElbTargetGroupReader.read(elb, missing)).isInstanceOf(TargetGroupNotFoundException.class);
    }
}
