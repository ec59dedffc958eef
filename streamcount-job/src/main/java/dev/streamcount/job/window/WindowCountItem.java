package dev.streamcount.job.window;

import dev.streamcount.job.sink.CountItemFormat;
import dev.streamcount.job.sink.WordCountItem;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item of one word in one window: {@code word} (S, partition key), {@code window_start} (N,
 * epoch milliseconds, sort key), {@code count} (N), {@code window_end} (N, epoch milliseconds,
 * exclusive) and {@code expires_at} (N, epoch seconds: the window's end plus the retention, rounded
 * down, for DynamoDB's TTL). Every writer and reader of the windowed table goes through here.
 */
public final class WindowCountItem implements CountItemFormat {
    private static final long serialVersionUID = 1L;

    public static final String WORD = WordCountItem.KEY;
    public static final String WINDOW_START = "window_start";
    public static final String COUNT = WordCountItem.COUNT;
    public static final String WINDOW_END = "window_end";
    public static final String EXPIRES_AT = "expires_at";

    private final long sizeMillis;
    private final long retentionMillis;

    public WindowCountItem(Duration size, Duration retention) {
        this.sizeMillis = size.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    /** {@code key} is a {@link WindowKey}. */
    @Override
    public Map<String, AttributeValue> item(String key, long count) {
        long start = WindowKey.start(key);
        long end = start + sizeMillis;
        return Map.of(
                WORD, AttributeValue.fromS(WindowKey.word(key)),
                WINDOW_START, n(start),
                COUNT, n(count),
                WINDOW_END, n(end),
                EXPIRES_AT, n(Math.floorDiv(end + retentionMillis, 1000)));
    }

    /** {@code windowItemsCommitted} and the like: apart from the totals' metrics. */
    @Override
    public String metric(String name) {
        return "window" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public String describe(String key) {
        return "'" + WindowKey.word(key) + "' in the window starting at " + WindowKey.start(key);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** One stored window of one word. */
    public record Window(String word, long start, long end, long count) {
        static Window of(Map<String, AttributeValue> item) {
            return new Window(
                    item.get(WORD).s(),
                    Long.parseLong(item.get(WINDOW_START).n()),
                    Long.parseLong(item.get(WINDOW_END).n()),
                    Long.parseLong(item.get(COUNT).n()));
        }
    }
}
