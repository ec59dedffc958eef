package dev.streamcount.deploy;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

final class ApplicationRole {
    private ApplicationRole() {}

    /**
     * The role MSF runs the application with: the job's DynamoDB calls on the table only; MSK
     * connect and describe on the cluster, read on the topic, create and write on the dead-letter
     * topic, the consumer group; the jar; its log stream; and what AWS documents for applications
     * in a VPC, the only wildcards.
     */
    static Role create(
            Construct scope,
            List<String> tableArns,
            String clusterArn,
            String topic,
            Bucket code,
            String jarKey,
            String logGroupArn,
            String logStreamArn) {
        Role role =
                Role.Builder.create(scope, "Role")
                        .assumedBy(new ServicePrincipal("kinesisanalytics.amazonaws.com"))
                        .description("streamcount on Managed Service for Apache Flink")
                        .build();
        MskArns msk = new MskArns(clusterArn);
        String dlq = Fn.join("", List.of(topic, "-dlq"));
        role.addToPolicy(
                statement(
                        List.of(
                                "dynamodb:BatchWriteItem",
                                "dynamodb:PutItem",
                                "dynamodb:GetItem",
                                "dynamodb:DescribeTable",
                                "dynamodb:DescribeTimeToLive",
                                "dynamodb:CreateTable"),
                        tableArns));
        role.addToPolicy(
                statement(
                        List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"),
                        List.of(clusterArn)));
        role.addToPolicy(
                statement(
                        List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
                        List.of(msk.topic(topic))));
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
                        List.of(msk.group(StreamCountStack.GROUP_ID))));
        role.addToPolicy(
                statement(
                        List.of("s3:GetObject", "s3:GetObjectVersion"),
                        List.of(code.arnForObjects(jarKey))));
        role.addToPolicy(statement(List.of("logs:DescribeLogStreams"), List.of(logGroupArn)));
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

        return role;
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
}
