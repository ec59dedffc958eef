package dev.streamcount.job.sink;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one DynamoDB item format: {@code {word: S, count: N}}, keyed by {@code word}, holding the
 * word's absolute total. Every writer and reader goes through here.
 */
public final class WordCountItem {

    /** The partition key attribute. */
    public static final String KEY = "word";

    /** The total attribute. */
    public static final String COUNT = "count";

    /**
     * The fence of every exactly-once write: the item is written only if it holds no total yet or
     * one not above the new total {@code :n}, so no write can ever lower a word's total, whatever
     * order writes land in. {@code count} is a reserved word in DynamoDB expressions, hence the
     * name placeholder ({@link #NOT_LOWER_NAMES}).
     */
    public static final String NOT_LOWER = "attribute_not_exists(#c) OR #c <= :n";

    /** The names {@link #NOT_LOWER} uses. */
    public static final Map<String, String> NOT_LOWER_NAMES = Map.of("#c", COUNT);

    /** DynamoDB's limit of items in one {@code BatchWriteItem} request. */
    public static final int MAX_BATCH_ITEMS = 25;

    private WordCountItem() {}

    /** The item holding {@code total} for {@code word}. */
    public static Map<String, AttributeValue> of(String word, long total) {
        return Map.of(
                KEY, AttributeValue.fromS(word), COUNT, AttributeValue.fromN(Long.toString(total)));
    }

    /** The key of {@code word}'s item. */
    public static Map<String, AttributeValue> key(String word) {
        return Map.of(KEY, AttributeValue.fromS(word));
    }

    /** A {@code BatchWriteItem} entry that puts {@code total} for {@code word}. */
    public static WriteRequest put(String word, long total) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(of(word, total)).build())
                .build();
    }

    /** The word of a stored item. */
    public static String word(Map<String, AttributeValue> item) {
        return item.get(KEY).s();
    }

    /** The total of a stored item. */
    public static long total(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(COUNT).n());
    }
}
