package dev.sessionscaler.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The private-API sender against a local HTTP server standing in for API Gateway (it checks no signature). */
class ApiEventSenderTest {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    @Test
    void eachMessageIsOneSigV4SignedPostToEventsAndTheStatusSaysWhatBecameOfIt() throws Exception {
        try (LocalHttp ok = new LocalHttp("/prod/events", 200, () -> "{}");
             LocalHttp busy = new LocalHttp("/prod/events", 503, () -> "{\"message\":\"Service Unavailable\"}");
             LocalHttp bad = new LocalHttp("/prod/events", 400, () -> "{\"message\":\"Invalid request body\"}")) {
            ApiEventSender sender = new ApiEventSender(URI.create(ok.base() + "/prod"), "eu-central-1", CREDENTIALS, UrlConnectionHttpClient.create());

            assertThat(sender.send(List.of("{\"a\":1}", "{\"b\":2}"))).containsExactly(EventSender.Outcome.SENT, EventSender.Outcome.SENT);
            assertThat(ok.requests).containsExactly("POST /prod/events {\"a\":1}", "POST /prod/events {\"b\":2}");
            assertThat(ok.authorizations).allSatisfy(a -> assertThat(a)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-central-1/execute-api/aws4_request"));
            assertThat(new ApiEventSender(URI.create(busy.base() + "/prod/"), "eu-central-1", CREDENTIALS, UrlConnectionHttpClient.create())
                    .send(List.of("{}"))).containsExactly(EventSender.Outcome.RETRY);
            assertThat(new ApiEventSender(URI.create(bad.base() + "/prod"), "eu-central-1", CREDENTIALS, UrlConnectionHttpClient.create())
                    .send(List.of("{}"))).containsExactly(EventSender.Outcome.REJECTED);
        }
    }

    @Test
    void theRegionComesFromThePrivateApisHostNameElseFromAwsRegion() {
        assertThat(ApiEventSender.regionOf(URI.create("https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com/prod"), null))
                .isEqualTo("eu-west-1");
        assertThat(ApiEventSender.regionOf(URI.create("https://a1b2c3d4e5.execute-api.us-east-2.amazonaws.com/prod"), "eu-west-1"))
                .isEqualTo("us-east-2");
        assertThat(ApiEventSender.regionOf(URI.create("https://events.internal.example/prod"), "ap-south-1")).isEqualTo("ap-south-1");
        assertThatThrownBy(() -> ApiEventSender.regionOf(URI.create("https://events.internal.example/prod"), null))
                .hasMessageContaining("cannot tell the region");
    }
}
