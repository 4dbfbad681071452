package dev.sessionscaler.reporter;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends through the deployment's private API ({@code POST <api>/events}, IAM authorization): one signed request
 * (SigV4, service {@code execute-api}) a message, with the task role's credentials.
 */
public final class ApiEventSender implements EventSender {
    private static final Pattern REGION_IN_HOST = Pattern.compile("\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

    private final URI events;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ApiEventSender(URI apiUrl, String region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        String base = apiUrl.toString();
        this.events = URI.create(base.endsWith("/") ? base + "events" : base + "/events");
        this.region = region;
        this.credentials = credentials;
        this.http = http;
    }

    /** The default credentials chain (the task role in ECS); the region from the API's host name, else {@code AWS_REGION}. */
    public static ApiEventSender forApi(URI apiUrl, String awsRegionVariable) {
        String region = regionOf(apiUrl, awsRegionVariable);
        return new ApiEventSender(apiUrl, region, DefaultCredentialsProvider.create(), UrlConnectionHttpClient.create());
    }

    static String regionOf(URI apiUrl, String fallback) {
        Matcher m = REGION_IN_HOST.matcher(apiUrl.getHost() == null ? "" : apiUrl.getHost());
        if (m.find()) {
            return m.group(1);
        }
        if (fallback == null || fallback.isBlank()) {
            throw new ReporterConfigException("API URL: cannot tell the region from " + apiUrl + " and AWS_REGION is not set");
        }
        return fallback;
    }

    @Override
    public List<Outcome> send(List<String> bodies) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        for (String body : bodies) {
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(events)
                    .putHeader("Content-Type", "application/json").build();
            SignedRequest signed = signer.sign(r -> r.identity(identity).request(request)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            response.responseBody().ifPresent(stream -> {
                try {
                    stream.close();
                } catch (java.io.IOException ignored) {
                    // the body is not needed
                }
            });
            int status = response.httpResponse().statusCode();
            outcomes.add(status / 100 == 2 ? Outcome.SENT : status == 429 || status >= 500 ? Outcome.RETRY : Outcome.REJECTED);
        }
        return outcomes;
    }

    @Override
    public void close() {
        http.close();
    }
}
