package dev.sessionscaler.steps;

import dev.sessionscaler.ingest.MotoServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.drain.DrainCheck.TargetState;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.ServiceRef;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The workflow's AWS adapters, {@link EcsServiceActuator} and {@link ElbTargetDeregistrar}, against moto_server.
 * Skipped, with a notice, where moto_server is not installed.
 *
 * <p>moto has no UpdateTaskProtection or GetTaskProtection (it answers HTTP 500, "not implemented", which the SDK
 * retries and {@link AwsErrors} would report as transient): {@code protect}/{@code unprotect} stay on AwsAdaptersTest's
 * Mockito tests.
 *
 * <p>What moto (5.2) does differently from the load balancer, none of it a bug in the deregistrar:
 * <ul>
 *   <li>A deregistered target is {@code unused} / {@code Target.NotRegistered} at once, whatever the group's
 *       deregistration delay: moto never reports {@code draining}, so the drain's wait is not exercised here
 *       (AwsAdaptersTest maps a mocked {@code draining}).</li>
 *   <li>A target that was never registered is {@code unavailable} / {@code Target.NotRegistered} (the load balancer
 *       answers {@code unused}): the deregistrar reads that as still registered, its side of doubt.</li>
 *   <li>Registered targets are {@code healthy} at once, with no load balancer and no health check (the load balancer
 *       reports {@code initial}, or {@code unused} / {@code Target.NotInUse} for a group no load balancer uses).</li>
 *   <li>moto keys a group's targets by id alone and ignores their port: registering 10.0.0.7:9443 replaces
 *       10.0.0.7:8443, deregistering either takes the address out, and DescribeTargetHealth answers for the address
 *       whatever port is asked. So a target on the wrong port (the steps' "check targetPort" refusal) cannot be
 *       told apart here; AwsAdaptersTest checks that the port is sent.</li>
 *   <li>ModifyTargetGroupAttributes refuses {@code deregistration_delay.timeout_seconds} = 3600 ("must be between
 *       '0-3600' inclusive": moto checks {@code range(0, 3600)}, one short of the load balancer's limit).</li>
 *   <li>DeregisterTargets of a target that is not registered is refused with InvalidTarget (HTTP 400). The steps check
 *       the target's state before they deregister it (CordonSteps, DrainSteps), so they never send that.</li>
 * </ul>
 */
class AwsAdaptersMotoTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final MotoServer.PerClass MOTO = new MotoServer.PerClass();
    private static MotoServer moto;
    private static EcsClient ecs;
    private static ElasticLoadBalancingV2Client elb;

    @BeforeAll
    static void startMoto() {
        moto = MOTO.server();
        ecs = MOTO.client(EcsClient.builder());
        elb = MOTO.client(ElasticLoadBalancingV2Client.builder());
    }

    private static ServiceRef service(int desiredCount) {
        int n = NAMES.incrementAndGet();
        ServiceRef ref = new ServiceRef("demo-" + n, "rdp");
        ecs.createCluster(r -> r.clusterName(ref.cluster()));
        ecs.registerTaskDefinition(r -> r.family("rdp-" + n).requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                .networkMode("awsvpc").containerDefinitions(ContainerDefinition.builder().name("app").image("rdp:latest").memory(512).build()));
        ecs.createService(r -> r.cluster(ref.cluster()).serviceName(ref.service()).taskDefinition("rdp-" + n)
                .desiredCount(desiredCount).launchType(LaunchType.FARGATE)
                .networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(moto.defaultSubnetId("us-east-1a"))
                        .securityGroups(moto.defaultSecurityGroupId()))));
        return ref;
    }

    private static int desiredCount(ServiceRef ref) {
        return ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service())).services().get(0).desiredCount();
    }

    @Test
    void setsTheServicesDesiredCount() {
        ServiceRef rdp = service(4);
        ServiceRef other = service(4);
        EcsServiceActuator actuator = new EcsServiceActuator(ecs);

        actuator.setDesiredCount(rdp, 2);
        assertThat(desiredCount(rdp)).isEqualTo(2);
        actuator.setDesiredCount(rdp, 7);
        assertThat(desiredCount(rdp)).isEqualTo(7);
        assertThat(desiredCount(other)).isEqualTo(4);
    }

    @Test
    void aMissingServiceOrClusterIsAnErrorThatIsNotRetried() {
        ServiceRef rdp = service(1);
        EcsServiceActuator actuator = new EcsServiceActuator(ecs);

        assertThatThrownBy(() -> actuator.setDesiredCount(new ServiceRef(rdp.cluster(), "nope"), 3))
                .isInstanceOf(ServiceNotFoundException.class).isNotInstanceOf(TransientAwsException.class);
        assertThatThrownBy(() -> actuator.setDesiredCount(new ServiceRef("no-such-cluster", "rdp"), 3))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThat(desiredCount(rdp)).isEqualTo(1);
    }

    private static String targetGroup(ProtocolEnum protocol) {
        return elb.createTargetGroup(r -> r.name("rdp-" + NAMES.incrementAndGet()).protocol(protocol).port(8443)
                .vpcId(moto.defaultVpcId()).targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
    }

    private static TargetHealthStateEnum health(String group, String ip) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions().stream()
                .filter(d -> d.target().id().equals(ip)).map(d -> d.targetHealth().state()).findFirst().orElse(null);
    }

    @Test
    void takesATargetOutByAddressAndPortAndPutsItBack() {
        String group = targetGroup(ProtocolEnum.HTTP);
        ElbTargetDeregistrar targets = new ElbTargetDeregistrar(elb);
        targets.register(group, "172.31.0.7", 8443);
        targets.register(group, "172.31.0.8", 8443);
        assertThat(targets.state(group, "172.31.0.7", 8443)).isEqualTo(TargetState.REGISTERED);

        targets.deregister(group, "172.31.0.7", 8443);

        assertThat(health(group, "172.31.0.7")).as("out of the group's listing").isNull();
        assertThat(health(group, "172.31.0.8")).isEqualTo(TargetHealthStateEnum.HEALTHY);
        // moto skips draining: a deregistered target is unused / Target.NotRegistered at once, which is gone
        assertThat(targets.state(group, "172.31.0.7", 8443)).isEqualTo(TargetState.NOT_REGISTERED);
        assertThat(targets.state(group, "172.31.0.8", 8443)).isEqualTo(TargetState.REGISTERED);

        targets.register(group, "172.31.0.7", 8443);
        assertThat(targets.state(group, "172.31.0.7", 8443)).isEqualTo(TargetState.REGISTERED);
        assertThat(health(group, "172.31.0.7")).isEqualTo(TargetHealthStateEnum.HEALTHY);
    }

    @Test
    void aTargetNeverRegisteredIsNotTakenForGoneAndCannotBeDeregistered() {
        String group = targetGroup(ProtocolEnum.HTTP);
        ElbTargetDeregistrar targets = new ElbTargetDeregistrar(elb);

        // moto answers unavailable / Target.NotRegistered (the load balancer: unused): only unused means gone
        assertThat(targets.state(group, "172.31.0.99", 8443)).isEqualTo(TargetState.REGISTERED);
        assertThatThrownBy(() -> targets.deregister(group, "172.31.0.99", 8443))
                .isInstanceOf(InvalidTargetException.class).isNotInstanceOf(TransientAwsException.class);
    }

    @Test
    void readsWhatTheGroupDoesWhenATargetLeaves() {
        String alb = targetGroup(ProtocolEnum.HTTPS);
        String nlb = targetGroup(ProtocolEnum.TLS);
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(nlb).attributes(
                TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("3000").build(),
                TargetGroupAttribute.builder().key("deregistration_delay.connection_termination.enabled").value("true").build()));
        ElbTargetDeregistrar targets = new ElbTargetDeregistrar(elb);

        assertThat(targets.facts(alb)).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 300, false));
        assertThat(targets.facts(nlb)).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 3000, true));
    }

    @Test
    void aMissingTargetGroupIsAnErrorThatIsNotRetried() {
        String missing = targetGroup(ProtocolEnum.HTTP).replaceFirst("/[0-9a-f]+$", "/0123456789abcdef");
        ElbTargetDeregistrar targets = new ElbTargetDeregistrar(elb);

        assertThatThrownBy(() -> targets.state(missing, "172.31.0.7", 8443)).isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> targets.register(missing, "172.31.0.7", 8443)).isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> targets.facts(missing)).isInstanceOf(TargetGroupNotFoundException.class);
    }
}
