package dev.streamcount.deploy;

import java.util.Map;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;

/** Alarms on the job's own metrics and MSF's, with an encrypted topic to subscribe to. */
final class StreamCountAlarms {
    private final Stack stack;
    private final String application;
    private final SnsAction notify;
    private final CfnCondition condition;

    StreamCountAlarms(Stack stack, String application, CfnCondition condition) {
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
                .namespace(StreamCountStack.METRICS_NAMESPACE)
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
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .evaluationPeriods(periods)
                        .datapointsToAlarm(periods)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build();
        alarm.addAlarmAction(notify);
        ((CfnAlarm) alarm.getNode().getDefaultChild()).getCfnOptions().setCondition(condition);
    }
}
