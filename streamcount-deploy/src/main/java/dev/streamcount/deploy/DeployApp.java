package dev.streamcount.deploy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one stack, {@value #STACK}, checked by cdk-nag's AWS Solutions rules with every
 * suppression justified here. {@code mvn package} runs it into {@code target/cdk.out}; {@code cdk
 * synth} and {@code cdk deploy} run it through {@code cdk.json}.
 */
public final class DeployApp {

    /** The stack's name, and so the template's: {@code StreamCount.template.json}. */
    public static final String STACK = "StreamCount";

    private DeployApp() {}

    /**
     * @param args the output directory, else the CDK CLI's ({@code CDK_OUTDIR}) or {@code cdk.out}
     */
    public static void main(String[] args) {
        App app = args.length > 0 ? App.Builder.create().outdir(args[0]).build() : new App();
        build(app);
        app.synth();
    }

    /** Adds the stack and the checks to {@code app}; the stack, for tests. */
    public static Stack build(App app) {
        Stack stack = new StreamCountStack(app, STACK, StackProps.builder().build());
        suppressJustified(stack);
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }

    /** Every finding the stack accepts, each with why. */
    private static void suppressJustified(Stack stack) {
        NagSuppressions.addResourceSuppressionsByPath(
                stack,
                "/" + STACK + "/Role/DefaultPolicy/Resource",
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM5")
                                .reason(
                                        "EC2 Describe* take no resource, and the network"
                                                + " interfaces MSF creates in the VPC have no ARN"
                                                + " before they exist (AWS's documented policy for"
                                                + " applications in a VPC). Every other statement"
                                                + " names its resource.")
                                .appliesTo(
                                        List.of(
                                                "Resource::*",
                                                "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*",
                                                "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:subnet/*",
                                                "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:security-group/*"))
                                .build()));
    }
}
