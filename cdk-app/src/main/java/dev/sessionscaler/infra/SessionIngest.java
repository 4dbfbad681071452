package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Session events in: a private REST API (IAM auth, reachable only through the VPC endpoint, and only by the
 * deployment's reporting roles) that writes straight to an encrypted SQS queue with a dead-letter queue, and the
 * ingest function reading it with partial batch responses. The API passes its caller's identity with each message,
 * and the queue takes messages only from the reporting roles and the API, so the ingest function can bind every
 * event to the task that sent it (see the README, "Who may report a task"). An invalid event is retried
 * {@link #MAX_RECEIVE_COUNT} times, then kept in the DLQ.
 */
public final class SessionIngest extends Construct {
    static final int MAX_RECEIVE_COUNT = 5;
    public final Queue queue;
    public final Queue deadLetterQueue;
    public final Function function;
    public final RestApi api;

    /**
     * @param testHarness the integration-test harness's role, or null: where it is deployed, it may send to the queue and
     *                    ingest accepts its events for any task (it reports sessions for the test service's tasks)
     */
    public SessionIngest(Construct scope, String id, SessionTables tables, IInterfaceVpcEndpoint apiEndpoint, String managedServices,
                         DeploymentConfig config, Role testHarness) {
        super(scope, id);
        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true)
                .visibilityTimeout(Duration.seconds(180))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();

        Role sendRole = Role.Builder.create(this, "ApiToQueueRole").assumedBy(new ServicePrincipal("apigateway.amazonaws.com")).build();
        queue.grantSendMessages(sendRole);
        List<String> senders = new java.util.ArrayList<>(config.reportingRoleArns());
        senders.add(sendRole.getRoleArn());
        Map<String, String> environment = new java.util.HashMap<>(Map.of("SESSION_TABLE", tables.sessions.getTableName(),
                "MANAGED_SERVICES", managedServices, "REQUIRE_SENDER_TASK", Boolean.toString(config.requireSenderTask()),
                "API_SENDER_ROLE_ID", sendRole.getRoleId()));
        if (testHarness != null) {
            senders.add(testHarness.getRoleArn());
            environment.put("TEST_HARNESS_ROLE_ID", testHarness.getRoleId());
            environment.put("TEST_SERVICES", config.testServices().stream().map(s -> s.ref().key()).collect(java.util.stream.Collectors.joining(",")));
        }
        onlyTheseMaySend(senders);
        function = JavaFunctions.create(this, "Function", "metrics-ingest-lambda",
                "dev.sessionscaler.ingest.SessionIngestHandler::handleRequest", 1024, Duration.seconds(30),
                environment, true);
        tables.sessions.grantReadWriteData(function);
        // SnapStart: a burst of events scales the function out, and each new instance restores instead of starting a JVM
        function.getCurrentVersion().addEventSource(SqsEventSource.Builder.create(queue).batchSize(10)
                .maxBatchingWindow(Duration.seconds(1)).reportBatchItemFailures(true).build());

        api = privateApi(apiEndpoint, config.reportingRoleArns(), sendRole);
    }

    /** The queue refuses SendMessage from anyone but the reporting roles, the API's own role (and the test harness's). */
    private void onlyTheseMaySend(List<String> senders) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create().effect(Effect.DENY).principals(List.of(new AnyPrincipal()))
                .actions(List.of("sqs:SendMessage")).resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", senders))).build());
    }

    private RestApi privateApi(IInterfaceVpcEndpoint endpoint, List<String> reportingRoleArns, Role sendRole) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs").retention(RetentionDays.ONE_MONTH).build();
        PolicyDocument onlyThroughEndpoint = PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create().effect(Effect.ALLOW)
                        .principals(reportingRoleArns.stream().map(arn -> (IPrincipal) new ArnPrincipal(arn)).toList())
                        .actions(List.of("execute-api:Invoke")).resources(List.of("execute-api:/*")).build(),
                PolicyStatement.Builder.create().effect(Effect.DENY).principals(List.of(new AnyPrincipal()))
                        .actions(List.of("execute-api:Invoke")).resources(List.of("execute-api:/*"))
                        .conditions(Map.of("StringNotEquals", Map.of("aws:SourceVpce", endpoint.getVpcEndpointId()))).build()))
                .build();
        RestApi rest = RestApi.Builder.create(this, "Api")
                .description("Session Scaler: session events from the applications, into SQS")
                .endpointTypes(List.of(EndpointType.PRIVATE))
                .policy(onlyThroughEndpoint)
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder().stageName("v1")
                        .throttlingRateLimit(500).throttlingBurstLimit(1000)
                        .loggingLevel(MethodLoggingLevel.ERROR).tracingEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields()).build())
                .build();

        AwsIntegration toQueue = AwsIntegration.Builder.create().service("sqs")
                .path(software.amazon.awscdk.Aws.ACCOUNT_ID + "/" + queue.getQueueName())
                .integrationHttpMethod("POST")
                .options(IntegrationOptions.builder().credentialsRole(sendRole)
                        .passthroughBehavior(PassthroughBehavior.NEVER)
                        .requestParameters(Map.of("integration.request.header.Content-Type", "'application/x-www-form-urlencoded'"))
                        // the caller's identity (<role id>:<role session name>) travels with the message, for the sender check
                        .requestTemplates(Map.of("application/json", "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
                                + "&MessageAttribute.1.Name=callerId&MessageAttribute.1.Value.DataType=String"
                                + "&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.caller)"))
                        .integrationResponses(List.of(IntegrationResponse.builder().statusCode("202")
                                .responseTemplates(Map.of("application/json", "{\"accepted\": true}")).build()))
                        .build())
                .build();
        Model event = rest.addModel("SessionEvent", software.amazon.awscdk.services.apigateway.ModelOptions.builder()
                .contentType("application/json").modelName("SessionEvent")
                .schema(JsonSchema.builder().type(JsonSchemaType.OBJECT)
                        .required(List.of("type", "cluster", "service", "taskArn", "timestamp"))
                        .properties(Map.of(
                                "type", JsonSchema.builder().type(JsonSchemaType.STRING)
                                        .enumValue(List.of("SESSION_STARTED", "SESSION_ENDED", "TASK_HEARTBEAT")).build(),
                                "cluster", JsonSchema.builder().type(JsonSchemaType.STRING).build(),
                                "service", JsonSchema.builder().type(JsonSchemaType.STRING).build(),
                                "taskArn", JsonSchema.builder().type(JsonSchemaType.STRING).build(),
                                "timestamp", JsonSchema.builder().type(JsonSchemaType.STRING).build()))
                        .build())
                .build());
        RequestValidator validator = rest.addRequestValidator("BodyValidator",
                software.amazon.awscdk.services.apigateway.RequestValidatorOptions.builder().validateRequestBody(true).validateRequestParameters(true).build());
        rest.getRoot().addResource("events").addMethod("POST", toQueue, MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(validator)
                .requestModels(Map.of("application/json", event))
                .methodResponses(List.of(MethodResponse.builder().statusCode("202").build()))
                .build());
        return rest;
    }
}
