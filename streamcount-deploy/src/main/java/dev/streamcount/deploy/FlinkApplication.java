package dev.streamcount.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

final class FlinkApplication {
    private FlinkApplication() {}

    /**
     * The Managed Service for Apache Flink application: Flink 1.20, checkpoints, snapshots,
     * APPLICATION metrics, the jar in {@code code}, the property groups the job reads ({@code
     * StreamCount} from {@code flags}, {@code KafkaClient} with MSK IAM), in the VPC.
     */
    static CfnApplication create(
            Construct scope,
            Role role,
            Bucket code,
            String jarKey,
            Number parallelism,
            Map<String, String> flags,
            List<String> subnetIds,
            List<String> securityGroupIds) {
        CfnApplication application =
                CfnApplication.Builder.create(scope, "Application")
                        .runtimeEnvironment(StreamCountStack.RUNTIME)
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
                                                                                                jarKey)
                                                                                        .build())
                                                                        .build())
                                                        .build())
                                        .flinkApplicationConfiguration(
                                                flinkConfiguration(parallelism))
                                        .environmentProperties(
                                                CfnApplication.EnvironmentPropertiesProperty
                                                        .builder()
                                                        .propertyGroups(
                                                                List.of(
                                                                        propertyGroup(
                                                                                "StreamCount",
                                                                                flags),
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
                                                                .subnetIds(subnetIds)
                                                                .securityGroupIds(securityGroupIds)
                                                                .build()))
                                        .build())
                        .build();
        return application;
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
}
