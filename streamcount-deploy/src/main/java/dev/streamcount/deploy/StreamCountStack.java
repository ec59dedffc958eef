package dev.streamcount.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplicationCloudWatchLoggingOption;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
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
        CfnParameter window =
                parameter(
                        "Window",
                        "String",
                        "off",
                        "Per-window counts into <TableName>ByWindow: a window length such as 1min,"
                                + " or off");
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
                        "streamcount-job-0.1.0-SNAPSHOT-flink-1.20.jar",
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
                retainedOnDemand("Table", tableName.getValueAsString())
                        .partitionKey(attribute("word", AttributeType.STRING))
                        .build();
        // Always there, empty while Window is off: turning windows on is then a property change.
        Table windowTable =
                retainedOnDemand(
                                "WindowTable",
                                Fn.join("", List.of(tableName.getValueAsString(), "ByWindow")))
                        .partitionKey(attribute("word", AttributeType.STRING))
                        .sortKey(attribute("window_start", AttributeType.NUMBER))
                        .timeToLiveAttribute("expires_at")
                        .build();
        // The job's kept top lists (--top-size, default 100): one small item, and with windows on
        // one per window, which expire with the window counts.
        Table topTable =
                retainedOnDemand(
                                "TopTable",
                                Fn.join("", List.of(tableName.getValueAsString(), "Top")))
                        .partitionKey(attribute("name", AttributeType.STRING))
                        .timeToLiveAttribute("expires_at")
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
                ApplicationRole.create(
                        this,
                        List.of(
                                table.getTableArn(),
                                windowTable.getTableArn(),
                                topTable.getTableArn()),
                        clusterArn.getValueAsString(),
                        topic.getValueAsString(),
                        code,
                        jarKey.getValueAsString(),
                        logGroup.getLogGroupArn(),
                        logStreamArn);

        CfnApplication application =
                FlinkApplication.create(
                        this,
                        role,
                        code,
                        jarKey.getValueAsString(),
                        parallelism.getValueAsNumber(),
                        Map.of(
                                "bootstrap-servers",
                                bootstrap.getValueAsString(),
                                "topic",
                                topic.getValueAsString(),
                                "table",
                                table.getTableName(),
                                "region",
                                Aws.REGION,
                                "group-id",
                                GROUP_ID,
                                "checkpoint-interval",
                                "10s",
                                "window",
                                window.getValueAsString()),
                        subnets.getValueAsList(),
                        securityGroups.getValueAsList());
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

        new StreamCountAlarms(this, application.getRef(), withApplication).add();

        CfnOutput.Builder.create(this, "CodeBucket")
                .description("Upload the cluster jar here, under JarKey")
                .value(code.getBucketName())
                .build();
        CfnOutput.Builder.create(this, "CountsTable").value(table.getTableName()).build();
        CfnOutput.Builder.create(this, "WindowCountsTable")
                .description("Per-window counts, while Window is not off")
                .value(windowTable.getTableName())
                .build();
        CfnOutput.Builder.create(this, "ApplicationName")
                .description("For aws kinesisanalyticsv2 start-application")
                .value(application.getRef())
                .condition(withApplication)
                .build();
    }

    /** A table on demand, with point-in-time recovery, kept when the stack is deleted. */
    private Table.Builder retainedOnDemand(String id, String name) {
        return Table.Builder.create(this, id)
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(
                        PointInTimeRecoverySpecification.builder()
                                .pointInTimeRecoveryEnabled(true)
                                .build())
                .removalPolicy(RemovalPolicy.RETAIN);
    }

    private static Attribute attribute(String name, AttributeType type) {
        return Attribute.builder().name(name).type(type).build();
    }

    private CfnParameter parameter(String name, String type, String defaultValue, String doc) {
        CfnParameter.Builder b =
                CfnParameter.Builder.create(this, name).type(type).description(doc);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b.build();
    }
}
