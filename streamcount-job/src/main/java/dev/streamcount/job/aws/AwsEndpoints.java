package dev.streamcount.job.aws;

import dev.streamcount.job.error.StreamCountException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB endpoint the AWS way: the AWS SDKs' and aws-cli's own variables {@value
 * #DYNAMODB_VARIABLE}, then {@value #GLOBAL_VARIABLE}, are the default of {@code
 * --dynamodb-endpoint} wherever it is taken. So one {@code export} points {@code get}, {@code top},
 * {@code table}, {@code job} and newer aws-cli versions at {@code streamcount local}.
 */
public final class AwsEndpoints {

    /** The service-specific variable, first. */
    public static final String DYNAMODB_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB";

    /** The variable for every service, second. */
    public static final String GLOBAL_VARIABLE = "AWS_ENDPOINT_URL";

    /** What to tell a user of {@code streamcount local} whose command went to AWS instead. */
    public static final String LOCAL_HINT =
            "for streamcount local, add --dynamodb-endpoint http://localhost:8000 or export "
                    + DYNAMODB_VARIABLE
                    + "=http://localhost:8000";

    private AwsEndpoints() {}

    /** The flag's endpoint if given, else the one {@code environment} names, else null (AWS). */
    public static URI dynamoDb(URI flag, Map<String, String> environment) {
        if (flag != null) {
            return flag;
        }
        for (String variable : List.of(DYNAMODB_VARIABLE, GLOBAL_VARIABLE)) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                try {
                    URI uri = new URI(value.trim());
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        throw new URISyntaxException(value, "expected http(s)://host[:port]");
                    }
                    return uri;
                } catch (URISyntaxException e) {
                    throw new StreamCountException(
                            variable
                                    + " is not an endpoint URL: '"
                                    + value
                                    + "' ("
                                    + e.getReason()
                                    + ")");
                }
            }
        }
        return null;
    }
}
