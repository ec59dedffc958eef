package dev.streamcount.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized template, tested as CDK projects do, offline: the resources and their settings,
 * every IAM statement, the property groups the job reads, the alarms, and cdk-nag's AWS Solutions
 * checks with nothing left unsuppressed.
 */
class StreamCountStackTest {

    /** A resource policy statement that refuses requests not made over TLS. */
    private static final Object DENIES_PLAIN_HTTP =
            Match.objectLike(
                    Map.of(
                            "PolicyDocument",
                            Match.objectLike(
                                    Map.of(
                                            "Statement",
                                            Match.arrayWith(
                                                    List.of(
                                                            Match.objectLike(
                                                                    Map.of(
                                                                            "Effect",
                                                                            "Deny",
                                                                            "Condition",
                                                                            Map.of(
                                                                                    "Bool",
                                                                                    Map.of(
                                                                                            "aws:SecureTransport",
                                                                                            "false"))))))))));

    private static Stack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = DeployApp.build(app);
        template = Template.fromStack(stack);
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
        assertThat(
                        Annotations.fromStack(stack)
                                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("cdk-nag errors")
                .isEmpty();
        assertThat(
                        Annotations.fromStack(stack)
                                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("cdk-nag warnings")
                .isEmpty();
    }

    @Test
    void theTablesAreOnDemandWithPointInTimeRecoveryTheWindowAndTopTablesWithTtl() {
        template.resourceCountIs("AWS::DynamoDB::Table", 3);
        template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "TableName",
                        Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", "TableName"), "Top"))),
                        "KeySchema",
                        List.of(Map.of("AttributeName", "name", "KeyType", "HASH")),
                        "TimeToLiveSpecification",
                        Map.of("AttributeName", "expires_at", "Enabled", true)));
        template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "TableName",
                        Map.of(
                                "Fn::Join",
                                List.of("", List.of(Map.of("Ref", "TableName"), "ByWindow"))),
                        "BillingMode",
                        "PAY_PER_REQUEST",
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "word", "KeyType", "HASH"),
                                Map.of("AttributeName", "window_start", "KeyType", "RANGE")),
                        "TimeToLiveSpecification",
                        Map.of("AttributeName", "expires_at", "Enabled", true),
                        "PointInTimeRecoverySpecification",
                        Map.of("PointInTimeRecoveryEnabled", true)));
        template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "KeySchema", List.of(Map.of("AttributeName", "word", "KeyType", "HASH")),
                        "AttributeDefinitions",
                                List.of(Map.of("AttributeName", "word", "AttributeType", "S")),
                        "PointInTimeRecoverySpecification",
                                Map.of("PointInTimeRecoveryEnabled", true)));
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void theApplicationRunsFlink120WithCheckpointsAndThePropertyGroupsTheJobReads() {
        template.hasResourceProperties(
                "AWS::KinesisAnalyticsV2::Application",
                Map.of(
                        "RuntimeEnvironment",
                        "FLINK-1_20",
                        "ApplicationConfiguration",
                        Match.objectLike(
                                Map.of(
                                        "FlinkApplicationConfiguration",
                                        Match.objectLike(
                                                Map.of(
                                                        "CheckpointConfiguration",
                                                        Map.of(
                                                                "ConfigurationType",
                                                                "CUSTOM",
                                                                "CheckpointingEnabled",
                                                                true,
                                                                "CheckpointInterval",
                                                                10000,
                                                                "MinPauseBetweenCheckpoints",
                                                                5000),
                                                        "MonitoringConfiguration",
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "MetricsLevel",
                                                                        "APPLICATION")))),
                                        "ApplicationSnapshotConfiguration",
                                        Map.of("SnapshotsEnabled", true),
                                        "EnvironmentProperties",
                                        Map.of(
                                                "PropertyGroups",
                                                Match.arrayWith(
                                                        List.of(
                                                                Match.objectLike(
                                                                        Map.of(
                                                                                "PropertyGroupId",
                                                                                "KafkaClient",
                                                                                "PropertyMap",
                                                                                Map.of(
                                                                                        "security.protocol",
                                                                                        "SASL_SSL",
                                                                                        "sasl.mechanism",
                                                                                        "AWS_MSK_IAM",
                                                                                        "sasl.jaas.config",
                                                                                        "software.amazon.msk.auth.iam.IAMLoginModule"
                                                                                            + " required;",
                                                                                        "sasl.client.callback.handler.class",
                                                                                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler"))))))))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> propertyGroups() {
        Map<String, Map<String, Object>> apps =
                (Map<String, Map<String, Object>>)
                        (Map<String, ?>)
                                template.findResources("AWS::KinesisAnalyticsV2::Application");
        assertThat(apps).hasSize(1);
        Map<String, Object> props =
                (Map<String, Object>) apps.values().iterator().next().get("Properties");
        Map<String, Object> config = (Map<String, Object>) props.get("ApplicationConfiguration");
        Map<String, Object> env = (Map<String, Object>) config.get("EnvironmentProperties");
        return (List<Map<String, Object>>) env.get("PropertyGroups");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStreamCountKeyIsAFlagOfTheJob() {
        // The job refuses unknown keys at start: keep the template's in step with its flags.
        Set<String> flags =
                Set.of(
                        "bootstrap-servers",
                        "topic",
                        "table",
                        "region",
                        "group-id",
                        "checkpoint-interval",
                        "window");
        Map<String, Object> streamCount =
                propertyGroups().stream()
                        .filter(g -> "StreamCount".equals(g.get("PropertyGroupId")))
                        .findFirst()
                        .orElseThrow();
        assertThat(((Map<String, Object>) streamCount.get("PropertyMap")).keySet())
                .containsExactlyInAnyOrderElementsOf(flags);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Map<String, Object>> policies =
                (Map<String, Map<String, Object>>)
                        (Map<String, ?>) template.findResources("AWS::IAM::Policy");
        for (Map<String, Object> policy : policies.values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
            all.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return all;
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of(o);
    }

    @Test
    void noStatementAllowsEveryActionAndOnlyDescribeCallsTakeEveryResource() {
        List<Map<String, Object>> statements = statements();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(9);
        for (Map<String, Object> s : statements) {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            List<Object> actions = list(s.get("Action"));
            assertThat(actions)
                    .as("actions of %s", s)
                    .allMatch(a -> a instanceof String str && !str.contains("*"));
            if (list(s.get("Resource")).contains("*")) {
                assertThat(actions)
                        .as("actions allowed on every resource")
                        .allMatch(a -> ((String) a).startsWith("ec2:Describe"));
            }
        }
    }

    @Test
    void dynamoDbAccessIsTheJobsCallsOnItsThreeTablesOnly() {
        Map<String, Object> dynamo =
                statements().stream()
                        .filter(s -> list(s.get("Action")).contains("dynamodb:BatchWriteItem"))
                        .findFirst()
                        .orElseThrow();
        assertThat(list(dynamo.get("Action")))
                .containsExactlyInAnyOrder(
                        "dynamodb:BatchWriteItem",
                        "dynamodb:PutItem",
                        "dynamodb:GetItem",
                        "dynamodb:DescribeTable",
                        "dynamodb:DescribeTimeToLive",
                        "dynamodb:CreateTable");
        assertThat(list(dynamo.get("Resource")))
                .containsExactlyInAnyOrderElementsOf(
                        template.findResources("AWS::DynamoDB::Table").keySet().stream()
                                .map(id -> (Object) Map.of("Fn::GetAtt", List.of(id, "Arn")))
                                .toList());
    }

    @Test
    void mskAccessIsScopedToTheClusterTheTopicsAndTheGroup() {
        List<String> kafkaActions = new ArrayList<>();
        for (Map<String, Object> s : statements()) {
            List<Object> actions = list(s.get("Action"));
            if (actions.stream().anyMatch(a -> ((String) a).startsWith("kafka-cluster:"))) {
                assertThat(list(s.get("Resource"))).as("resources of %s", s).doesNotContain("*");
                actions.forEach(a -> kafkaActions.add((String) a));
            }
        }
        assertThat(kafkaActions)
                .containsExactlyInAnyOrder(
                        "kafka-cluster:Connect",
                        "kafka-cluster:DescribeCluster",
                        "kafka-cluster:DescribeTopic",
                        "kafka-cluster:ReadData",
                        "kafka-cluster:DescribeTopic",
                        "kafka-cluster:CreateTopic",
                        "kafka-cluster:WriteData",
                        "kafka-cluster:DescribeGroup",
                        "kafka-cluster:AlterGroup");
    }

    @Test
    void theCodeBucketIsPrivateEncryptedAndTlsOnly() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(
                        Map.of(
                                "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls", true,
                                        "BlockPublicPolicy", true,
                                        "IgnorePublicAcls", true,
                                        "RestrictPublicBuckets", true),
                                "VersioningConfiguration",
                                Map.of("Status", "Enabled"))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", DENIES_PLAIN_HTTP);
    }

    @Test
    void alarmsWatchTheJobsMetricsInTheApplicationsNamespace() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        for (String metric :
                List.of(
                        "throttledRequests",
                        "lastCommitLatencyMs",
                        "records_lag_max",
                        "downtime")) {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(
                            Map.of(
                                    "MetricName",
                                    metric,
                                    "Namespace",
                                    "AWS/KinesisAnalytics",
                                    "AlarmActions",
                                    Match.anyValue())));
        }
        // Dead letters: skipped records plus oversize words, as one expression.
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(
                        Map.of(
                                "Metrics",
                                Match.arrayWith(
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "Expression",
                                                                "skipped + oversize")))))));
    }

    @Test
    void aFirstDeploymentCanLeaveTheApplicationOutUntilTheJarIsUploaded() {
        template.hasParameter(
                "CreateApplication",
                Map.of("Default", "true", "AllowedValues", List.of("true", "false")));
        Map<String, Object> onCondition = Map.of("Condition", "WithApplication");
        assertThat(template.findResources("AWS::KinesisAnalyticsV2::Application", onCondition))
                .hasSize(1);
        assertThat(
                        template.findResources(
                                "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption",
                                onCondition))
                .hasSize(1);
        assertThat(template.findResources("AWS::CloudWatch::Alarm", onCondition)).hasSize(5);
        template.hasOutput("ApplicationName", onCondition);
        template.hasOutput("CodeBucket", Map.of("Value", Match.anyValue()));
        // The table, bucket and role come first, whatever the parameter.
        assertThat(template.findResources("AWS::DynamoDB::Table", onCondition)).isEmpty();
        assertThat(template.findResources("AWS::S3::Bucket", onCondition)).isEmpty();
    }

    @Test
    void logsAreKeptAMonthAndAlarmsGoToAnEncryptedTlsOnlyTopic() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        template.hasResourceProperties(
                "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption",
                Map.of("CloudWatchLoggingOption", Map.of("LogStreamARN", Match.anyValue())));
        assertThat(template.findResources("AWS::SNS::Topic").toString())
                .as("the topic's key")
                .contains("KmsMasterKeyId", "alias/aws/sns");
        template.hasResourceProperties("AWS::SNS::TopicPolicy", DENIES_PLAIN_HTTP);
    }
}
