package dev.streamcount.job.aws;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.error.StreamCountException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * How streamcount talks to DynamoDB: endpoint, region and credentials, resolved once.
 *
 * <p>For AWS or any other endpoint: region from the flag, else the AWS default region chain, else
 * {@code us-east-1}; credentials from the AWS default chain, and none found is an error (a typo
 * must not silently send requests to AWS with fake keys).
 *
 * <p>For a loopback endpoint (DynamoDB Local, which accepts any key): dummy static credentials,
 * always, and the region from the flag or {@code AWS_REGION}, else {@code us-east-1}. No profile is
 * read for them: a profile may name a role (STS), an instance (IMDS) or a command ({@code
 * credential_process}), and nothing may leave this machine or run on behalf of a local run.
 */
public final class AwsSettings implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final Region FALLBACK_REGION = Region.US_EAST_1;

    // DynamoDB Local 2.x accepts any key made of letters and digits only.
    /** The access key of every loopback endpoint (DynamoDB Local takes any). */
    public static final String DUMMY_KEY_ID = "streamcountlocal";

    public static final String DUMMY_SECRET = "streamcountlocal";

    private final URI endpoint;
    private final String regionId; // Region itself is not Serializable
    private final boolean dummyCredentials;

    private AwsSettings(URI endpoint, Region region, boolean dummyCredentials) {
        this.endpoint = endpoint;
        this.regionId = region.id();
        this.dummyCredentials = dummyCredentials;
    }

    /** The settings for {@code config}'s DynamoDB endpoint and region. */
    public static AwsSettings of(JobConfig config) {
        return resolve(config.dynamoDbEndpoint(), config.region());
    }

    /**
     * Resolves region and credentials for {@code endpoint} (null = real AWS).
     *
     * @throws StreamCountException if the region is not an AWS region (for a non-loopback endpoint)
     *     or no credentials are found for a non-loopback endpoint
     */
    public static AwsSettings resolve(URI endpoint, String regionFlag) {
        return resolve(endpoint, regionFlag, DefaultCredentialsProvider.create());
    }

    /**
     * As {@link #resolve(URI, String)}, with {@code chain} for the credentials of an endpoint other
     * than a loopback one; never asked for a loopback endpoint.
     */
    static AwsSettings resolve(URI endpoint, String regionFlag, AwsCredentialsProvider chain) {
        Region region =
                regionFlag != null ? Region.of(regionFlag) : regionFromChain(isLoopback(endpoint));
        if (!isLoopback(endpoint) && !Region.regions().contains(region)) {
            // DynamoDB Local takes any region name (the tutorial uses "region"); AWS does not.
            throw new StreamCountException(
                    "Invalid AWS region '"
                            + region.id()
                            + "' (for example us-east-1, eu-west-1; change it with --region)");
        }
        if (isLoopback(endpoint)) {
            return new AwsSettings(endpoint, region, true);
        }
        try {
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new StreamCountException(
                    "No AWS credentials found for DynamoDB at "
                            + (endpoint == null ? "AWS region " + region : endpoint)
                            + " (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an"
                            + " instance role"
                            + (endpoint == null ? "; " + AwsEndpoints.LOCAL_HINT : "")
                            + ")",
                    e);
        }
        return new AwsSettings(endpoint, region, false);
    }

    private static Region regionFromChain(boolean loopback) {
        try {
            // For a loopback endpoint, neither profile nor instance metadata: nothing is read
            // outside this process's settings, nothing leaves this machine.
            return loopback
                    ? new SystemSettingsRegionProvider().getRegion()
                    : new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return FALLBACK_REGION;
        }
    }

    /** True if {@code endpoint} names this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(URI endpoint) {
        if (endpoint == null || endpoint.getHost() == null) {
            return false;
        }
        String host = endpoint.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are resolved; a name other than localhost is never trusted as
        // local.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return Region.of(regionId);
    }

    public boolean usesDummyCredentials() {
        return dummyCredentials;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return dummyCredentials
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DUMMY_KEY_ID, DUMMY_SECRET))
                : DefaultCredentialsProvider.create();
    }

    /** Where requests go, for messages: never includes credentials. */
    public String describe() {
        return (endpoint == null ? "AWS DynamoDB" : endpoint.toString())
                + " (region "
                + regionId
                + (dummyCredentials ? ", dummy local credentials" : "")
                + ")";
    }
}
