package dev.sessionscaler.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskIdentityTest {
    /** The shape of {@code ${ECS_CONTAINER_METADATA_URI_V4}/task} (the fields the reporter reads, and some it does not). */
    static String metadata(String serviceName) {
        return "{\"Cluster\":\"arn:aws:ecs:us-west-2:111122223333:cluster/default\","
                + "\"TaskARN\":\"arn:aws:ecs:us-west-2:111122223333:task/default/158d1c8083dd49d6b527399fd6414f5c\","
                + "\"Family\":\"curltest\",\"Revision\":\"26\",\"DesiredStatus\":\"RUNNING\",\"KnownStatus\":\"RUNNING\","
                + (serviceName == null ? "" : "\"ServiceName\":\"" + serviceName + "\",")
                + "\"Limits\":{\"CPU\":0.25,\"Memory\":512},\"AvailabilityZone\":\"us-west-2d\",\"LaunchType\":\"EC2\",\"Containers\":[]}";
    }

    @Test
    void theTaskMetadataEndpointGivesTheTaskItsClusterByNameAndItsService() throws Exception {
        try (LocalHttp endpoint = new LocalHttp("/v4/abc/task", 200, () -> metadata("MyService"))) {
            TaskIdentity id = TaskIdentity.resolve(null, null, null, Map.of(TaskIdentity.METADATA_VARIABLE, endpoint.base() + "/v4/abc"));

            assertThat(id).isEqualTo(new TaskIdentity("arn:aws:ecs:us-west-2:111122223333:task/default/158d1c8083dd49d6b527399fd6414f5c",
                    "default", "MyService"));
        }
    }

    @Test
    void withoutAServiceNameInTheMetadataTheServiceMustBeGiven() throws Exception {
        try (LocalHttp endpoint = new LocalHttp("/v4/abc/task", 200, () -> metadata(null))) {
            Map<String, String> env = Map.of(TaskIdentity.METADATA_VARIABLE, endpoint.base() + "/v4/abc");

            assertThatThrownBy(() -> TaskIdentity.resolve(null, null, null, env)).hasMessageContaining("has no ServiceName");
            assertThat(TaskIdentity.resolve(null, null, "rdp", env).service()).isEqualTo("rdp");
        }
    }

    @Test
    void outsideEcsEveryValueMustBeGivenAndTheyMustAgree() {
        assertThatThrownBy(() -> TaskIdentity.resolve(null, "demo", null, Map.of()))
                .hasMessageContaining("not running in an ECS task").hasMessageContaining("task ARN, service missing");
        assertThatThrownBy(() -> new TaskIdentity("arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b", "other", "rdp"))
                .hasMessageContaining("the task ARN names cluster \"demo\", not \"other\"");
        assertThatThrownBy(() -> new TaskIdentity("task-0a1b", "demo", "rdp")).hasMessageContaining("long-format ECS task ARN");
    }

    @Test
    void anEndpointThatFailsSaysSo() throws Exception {
        try (LocalHttp endpoint = new LocalHttp("/v4/abc/task", 500, () -> "oops")) {
            assertThatThrownBy(() -> TaskIdentity.resolve(null, null, null, Map.of(TaskIdentity.METADATA_VARIABLE, endpoint.base() + "/v4/abc")))
                    .hasMessageContaining("answered HTTP 500");
        }
    }
}
