package dev.sessionscaler.infra;

import dev.sessionscaler.core.model.ServiceRef;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/** ARNs of one managed service's cluster, service and tasks, for least-privilege policies. */
final class EcsArns {
    private final Stack stack;
    private final ServiceRef ref;

    EcsArns(Construct scope, ServiceRef ref) {
        this.stack = Stack.of(scope);
        this.ref = ref;
    }

    String cluster() {
        return arn("cluster", ref.cluster());
    }

    String service() {
        return arn("service", ref.cluster() + "/" + ref.service());
    }

    /** Every task of the cluster: task ARNs are not known in advance. */
    String tasks() {
        return arn("task", ref.cluster() + "/*");
    }

    /** A statement limited to the service's cluster with the {@code ecs:cluster} condition key. */
    PolicyStatement clusterScoped(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources)
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster()))).build();
    }

    private String arn(String resource, String name) {
        return stack.formatArn(ArnComponents.builder().service("ecs").resource(resource).resourceName(name)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }
}
