package dev.streamcount.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplicationCloudWatchLoggingOption;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * streamcount on Amazon Managed Service for Apache Flink (MSF), reading an Amazon MSK cluster with
 * IAM authentication: the DynamoDB table, a bucket for the jar, the application's least-privilege
 * role, its log stream, the MSF application with the property groups the job reads ({@code
 * StreamCount}, {@code KafkaClient}), and alarms on the job's metrics.
 *
 * <p>The MSK cluster, its VPC subnets and security groups exist already: they are parameters, so
 * the synthesized template deploys unchanged into any account.
 */
public class StreamCountStack extends Stack {

    /** The Flink runtime the application runs, as MSF names it. */
    static final String RUNTIME = "FLINK-1_20";

    /** The consumer group the job uses (its default {@code --group-id}). */
    static final String GROUP_ID = "streamcount";

    /** Where MSF sends the job's metrics: the application's namespace in CloudWatch. */
    static final String METRICS_NAMESPACE = "AWS/KinesisAnalytics";

    public StreamCountStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        CfnParameter clusterArn =
                parameter(
                        "MskClusterArn",
                        "String",
                        null,
                        "ARN of the MSK cluster: arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID");
        CfnParameter bootstrap =
                parameter(
                        "KafkaBootstrapServers",
                        "String",
                        null,
                        "The cluster's IAM bootstrap brokers (port 9098), comma-separated");
        CfnParameter topic = parameter("KafkaTopic", "String", "input", "The topic to count");
        CfnParameter tableName =
                parameter("TableName", "String", "WordCounts", "The DynamoDB table of totals");
        CfnParameter subnets =
                parameter(
                        "SubnetIds",
                        "List<AWS::EC2::Subnet::Id>",
                        null,
                        "Subnets from which the application reaches the MSK cluster");
        CfnParameter securityGroups =
                parameter(
                        "SecurityGroupIds",
                        "List<AWS::EC2::SecurityGroup::Id>",
                        null,
                        "Security groups allowed to reach the brokers on port 9098");
        CfnParameter jarKey =
                parameter(
                        "JarKey",
                        "String",
                        "streamcount-job-0.1.0-SNAPSHOT-cluster.jar",
                        "Key of the cluster jar in the code bucket");
        CfnParameter parallelism =
                parameter("Parallelism", "Number", "2", "Parallelism (KPUs: one per subtask)");
        CfnParameter createApplication =
                parameter(
                        "CreateApplication",
                        "String",
                        "true",
                        "false for a first deployment without the application, to upload the jar"
                                + " into the new code bucket before the application refers to it");
        createApplication.setAllowedValues(List.of("true", "false"));
        CfnCondition withApplication =
                CfnCondition.Builder.create(this, "WithApplication")
                        .expression(
                                Fn.conditionEquals(createApplication.getValueAsString(), "true"))
                        .build();

        Table table =
                Table.Builder.create(this, "Table")
                        .tableName(tableName.getValueAsString())
                        .partitionKey(
                                Attribute.builder().name("word").type(AttributeType.STRING).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .pointInTimeRecoverySpecification(
                                PointInTimeRecoverySpecification.builder()
                                        .pointInTimeRecoveryEnabled(true)
                                        .build())
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();

        Bucket accessLogs =
                Bucket.Builder.create(this, "AccessLogs")
                        .encryption(BucketEncryption.S3_MANAGED)
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                        .enforceSsl(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
        Bucket code =
                Bucket.Builder.create(this, "Code")
                        .encryption(BucketEncryption.S3_MANAGED)
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                        .enforceSsl(true)
                        .versioned(true)
                        .serverAccessLogsBucket(accessLogs)
                        .serverAccessLogsPrefix("code/")
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();

        LogGroup logGroup =
                LogGroup.Builder.create(this, "Logs")
                        .retention(RetentionDays.ONE_MONTH)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
        LogStream logStream =
                LogStream.Builder.create(this, "LogStream")
                        .logGroup(logGroup)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();

        String logStreamArn =
                Fn.join(
                        "",
                        List.of(
                                "arn:",
                                Aws.PARTITION,
                                ":logs:",
                                Aws.REGION,
                                ":",
                                Aws.ACCOUNT_ID,
                                ":log-group:",
                                logGroup.getLogGroupName(),
                                ":log-stream:",
                                logStream.getLogStreamName()));

        Role role =
                Role.Builder.create(this, "Role")
                        .assumedBy(new ServicePrincipal("kinesisanalytics.amazonaws.com"))
                        .description("streamcount on Managed Service for Apache Flink")
                        .build();
        MskArns msk = new MskArns(clusterArn.getValueAsString());
        String dlq = Fn.join("", List.of(topic.getValueAsString(), "-dlq"));
        role.addToPolicy(
                statement(
                        List.of(
                                "dynamodb:BatchWriteItem",
                                "dynamodb:PutItem",
                                "dynamodb:GetItem",
                                "dynamodb:DescribeTable",
                                "dynamodb:CreateTable"),
                        List.of(table.getTableArn())));
        role.addToPolicy(
                statement(
                        List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"),
                        List.of(clusterArn.getValueAsString())));
        role.addToPolicy(
                statement(
                        List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
                        List.of(msk.topic(topic.getValueAsString()))));
        role.addToPolicy(
                statement(
                        List.of(
                                "kafka-cluster:DescribeTopic",
                                "kafka-cluster:CreateTopic",
                                "kafka-cluster:WriteData"),
                        List.of(msk.topic(dlq))));
        role.addToPolicy(
                statement(
                        List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
                        List.of(msk.group(GROUP_ID))));
        role.addToPolicy(
                statement(
                        List.of("s3:GetObject", "s3:GetObjectVersion"),
                        List.of(code.arnForObjects(jarKey.getValueAsString()))));
        role.addToPolicy(
                statement(List.of("logs:DescribeLogStreams"), List.of(logGroup.getLogGroupArn())));
        role.addToPolicy(statement(List.of("logs:PutLogEvents"), List.of(logStreamArn)));
        // Describe* calls and the network interfaces MSF makes in the subnets have no resource to
        // scope them to before they exist: AWS documents these for applications in a VPC.
        role.addToPolicy(
                statement(
                        List.of(
                                "ec2:DescribeVpcs",
                                "ec2:DescribeSubnets",
                                "ec2:DescribeSecurityGroups",
                                "ec2:DescribeDhcpOptions",
                                "ec2:DescribeNetworkInterfaces"),
                        List.of("*")));
        role.addToPolicy(
                statement(
                        List.of(
                                "ec2:CreateNetworkInterface",
                                "ec2:CreateNetworkInterfacePermission",
                                "ec2:DeleteNetworkInterface"),
                        List.of(
                                ec2Arn("network-interface/*"),
                                ec2Arn("subnet/*"),
                                ec2Arn("security-group/*"))));

        CfnApplication application =
                CfnApplication.Builder.create(this, "Application")
                        .runtimeEnvironment(RUNTIME)
                        .serviceExecutionRole(role.getRoleArn())
                        .applicationDescription(
                                "Exact running word counts from Kafka into DynamoDB")
                        .applicationConfiguration(
                                CfnApplication.ApplicationConfigurationProperty.builder()
                                        .applicationCodeConfiguration(
                                                CfnApplication.ApplicationCodeConfigurationProperty
                                                        .builder()
                                                        .codeContentType("ZIPFILE")
                                                        .codeContent(
                                                                CfnApplication.CodeContentProperty
                                                                        .builder()
                                                                        .s3ContentLocation(
                                                                                CfnApplication
                                                                                        .S3ContentLocationProperty
                                                                                        .builder()
                                                                                        .bucketArn(
                                                                                                code
                                                                                                        .getBucketArn())
                                                                                        .fileKey(
                                                                                                jarKey
                                                                                                        .getValueAsString())
                                                                                        .build())
                                                                        .build())
                                                        .build())
                                        .flinkApplicationConfiguration(
                                                flinkConfiguration(parallelism.getValueAsNumber()))
                                        .environmentProperties(
                                                CfnApplication.EnvironmentPropertiesProperty
                                                        .builder()
                                                        .propertyGroups(
                                                                List.of(
                                                                        propertyGroup(
                                                                                "StreamCount",
                                                                                Map.of(
                                                                                        "bootstrap-servers",
                                                                                        bootstrap
                                                                                                .getValueAsString(),
                                                                                        "topic",
                                                                                        topic
                                                                                                .getValueAsString(),
                                                                                        "table",
                                                                                        table
                                                                                                .getTableName(),
                                                                                        "region",
                                                                                        Aws.REGION,
                                                                                        "group-id",
                                                                                        GROUP_ID,
                                                                                        "checkpoint-interval",
                                                                                        "10s")),
                                                                        propertyGroup(
                                                                                "KafkaClient",
                                                                                Map.of(
                                                                                        "security.protocol",
                                                                                        "SASL_SSL",
                                                                                        "sasl.mechanism",
                                                                                        "AWS_MSK_IAM",
                                                                                        "sasl.jaas.config",
                                                                                        "software.amazon.msk.auth.iam.IAMLoginModule"
                                                                                            + " required;",
                                                                                        "sasl.client.callback.handler.class",
                                                                                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler"))))
                                                        .build())
                                        .applicationSnapshotConfiguration(
                                                CfnApplication
                                                        .ApplicationSnapshotConfigurationProperty
                                                        .builder()
                                                        .snapshotsEnabled(true)
                                                        .build())
                                        .vpcConfigurations(
                                                List.of(
                                                        CfnApplication.VpcConfigurationProperty
                                                                .builder()
                                                                .subnetIds(subnets.getValueAsList())
                                                                .securityGroupIds(
                                                                        securityGroups
                                                                                .getValueAsList())
                                                                .build()))
                                        .build())
                        .build();
        application.getNode().addDependency(role);
        application.getCfnOptions().setCondition(withApplication);

        CfnApplicationCloudWatchLoggingOption logging =
                CfnApplicationCloudWatchLoggingOption.Builder.create(this, "Logging")
                        .applicationName(application.getRef())
                        .cloudWatchLoggingOption(
                                CfnApplicationCloudWatchLoggingOption
                                        .CloudWatchLoggingOptionProperty.builder()
                                        .logStreamArn(logStreamArn)
                                        .build())
                        .build();
        logging.getCfnOptions().setCondition(withApplication);

        new Alarms(this, application.getRef(), withApplication).add();

        CfnOutput.Builder.create(this, "CodeBucket")
                .description("Upload the cluster jar here, under JarKey")
                .value(code.getBucketName())
                .build();
        CfnOutput.Builder.create(this, "CountsTable").value(table.getTableName()).build();
        CfnOutput.Builder.create(this, "ApplicationName")
                .description("For aws kinesisanalyticsv2 start-application")
                .value(application.getRef())
                .condition(withApplication)
                .build();
    }

    private CfnParameter parameter(String name, String type, String defaultValue, String doc) {
        CfnParameter.Builder b =
                CfnParameter.Builder.create(this, name).type(type).description(doc);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b.build();
    }

    private static PolicyStatement statement(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }

    private static String ec2Arn(String resource) {
        return Fn.join(
                "",
                List.of(
                        "arn:",
                        Aws.PARTITION,
                        ":ec2:",
                        Aws.REGION,
                        ":",
                        Aws.ACCOUNT_ID,
                        ":",
                        resource));
    }

    private static CfnApplication.FlinkApplicationConfigurationProperty flinkConfiguration(
            Number parallelism) {
        return CfnApplication.FlinkApplicationConfigurationProperty.builder()
                .checkpointConfiguration(
                        CfnApplication.CheckpointConfigurationProperty.builder()
                                .configurationType("CUSTOM")
                                .checkpointingEnabled(true)
                                .checkpointInterval(10_000)
                                .minPauseBetweenCheckpoints(5_000)
                                .build())
                .monitoringConfiguration(
                        CfnApplication.MonitoringConfigurationProperty.builder()
                                .configurationType("CUSTOM")
                                .logLevel("INFO")
                                .metricsLevel("APPLICATION")
                                .build())
                .parallelismConfiguration(
                        CfnApplication.ParallelismConfigurationProperty.builder()
                                .configurationType("CUSTOM")
                                .parallelism(parallelism)
                                .parallelismPerKpu(1)
                                .autoScalingEnabled(false)
                                .build())
                .build();
    }

    private static CfnApplication.PropertyGroupProperty propertyGroup(
            String id, Map<String, String> properties) {
        return CfnApplication.PropertyGroupProperty.builder()
                .propertyGroupId(id)
                .propertyMap(properties)
                .build();
    }

    /**
     * The ARNs MSK's IAM access control uses, derived from the cluster's {@code
     * arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID}: {@code topic/NAME/UUID/TOPIC} and {@code
     * group/NAME/UUID/GROUP}.
     */
    private static final class MskArns {
        private final String prefix;
        private final String nameAndUuid;

        MskArns(String clusterArn) {
            // arn:aws:kafka:REGION:ACCOUNT: and NAME/UUID, from the cluster ARN's two halves.
            this.prefix = Fn.select(0, Fn.split("cluster/", clusterArn));
            this.nameAndUuid = Fn.select(1, Fn.split("cluster/", clusterArn));
        }

        String topic(String topic) {
            return Fn.join("", List.of(prefix, "topic/", nameAndUuid, "/", topic));
        }

        String group(String group) {
            return Fn.join("", List.of(prefix, "group/", nameAndUuid, "/", group));
        }
    }

    /** Alarms on the job's own metrics and MSF's, with an encrypted topic to subscribe to. */
    private static final class Alarms {
        private final Stack stack;
        private final String application;
        private final SnsAction notify;
        private final CfnCondition condition;

        Alarms(Stack stack, String application, CfnCondition condition) {
            this.stack = stack;
            this.application = application;
            this.condition = condition;
            Topic topic =
                    Topic.Builder.create(stack, "AlarmTopic")
                            .enforceSsl(true)
                            .masterKey(Alias.fromAliasName(stack, "SnsKey", "alias/aws/sns"))
                            .build();
            this.notify = new SnsAction(topic);
        }

        void add() {
            alarm(
                    "CommitsThrottled",
                    "DynamoDB throttled commits in 3 consecutive 5-minute periods",
                    metric("throttledRequests", "Sum"),
                    1,
                    3);
            alarm(
                    "DeadLetters",
                    "Records skipped or words not counted (see the dead-letter topic)",
                    MathExpression.Builder.create()
                            .expression("skipped + oversize")
                            .usingMetrics(
                                    Map.of(
                                            "skipped", metric("recordsSkipped", "Sum"),
                                            "oversize", metric("wordsOversize", "Sum")))
                            .period(Duration.minutes(5))
                            .label("dead letters")
                            .build(),
                    1,
                    1);
            alarm(
                    "CommitSlow",
                    "A commit to DynamoDB took more than a minute, twice in a row",
                    metric("lastCommitLatencyMs", "Maximum"),
                    60_000,
                    2);
            alarm(
                    "ConsumerLag",
                    "More than 1,000,000 records behind in a partition for 15 minutes",
                    metric("records_lag_max", "Maximum"),
                    1_000_000,
                    3);
            alarm(
                    "NotRunning",
                    "The job was down (restarting or failed) for 15 minutes",
                    metric("downtime", "Maximum"),
                    1,
                    3);
        }

        private Metric metric(String name, String statistic) {
            return Metric.Builder.create()
                    .namespace(METRICS_NAMESPACE)
                    .metricName(name)
                    .dimensionsMap(Map.of("Application", application))
                    .statistic(statistic)
                    .period(Duration.minutes(5))
                    .build();
        }

        private void alarm(
                String id, String description, IMetric metric, double threshold, int periods) {
            Alarm alarm =
                    Alarm.Builder.create(stack, id)
                            .alarmDescription(description)
                            .metric(metric)
                            .threshold(threshold)
                            .comparisonOperator(
                                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                            .evaluationPeriods(periods)
                            .datapointsToAlarm(periods)
                            .treatMissingData(TreatMissingData.NOT_BREACHING)
                            .build();
            alarm.addAlarmAction(notify);
            ((CfnAlarm) alarm.getNode().getDefaultChild()).getCfnOptions().setCondition(condition);
        }
    }
}
