package dev.streamcount.cli.dashboard;

import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.Tokenizer;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopTable;
import dev.streamcount.job.window.WindowCountItem;
import dev.streamcount.job.window.WindowCountTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * What the dashboard's JSON API answers, apart from HTTP: the kept top list, the metrics and a
 * word's windows. Each method returns a value Jackson writes, or throws {@link ApiError}.
 */
final class DashboardApi {

    /** The top list's length when the page does not ask for one. */
    static final int DEFAULT_N = 20;

    /** How many windows back a word's history goes when the page does not say. */
    static final int DEFAULT_WINDOWS = 120;

    /** At most this many windows in one history answer. */
    static final int MAX_WINDOWS = 2_000;

    private final JobConfig config;
    private final DynamoDbClient client;
    private final LiveMetrics metrics;
    private final String flinkWebUi;

    DashboardApi(JobConfig config, DynamoDbClient client, LiveMetrics metrics, String flinkWebUi) {
        this.config = config;
        this.client = client;
        this.metrics = metrics;
        this.flinkWebUi = flinkWebUi;
    }

    /**
     * {@code /api/top?n=&window=}: the job's kept list of the most frequent words, its first n; of
     * all time, or with {@code window=latest} or a window's start (epoch milliseconds), of a
     * window.
     */
    Map<String, Object> top(String nParam, String windowParam) {
        int size = config.topSize();
        if (size == 0) {
            throw new ApiError(409, "the job keeps no top list: it runs with --top-size 0");
        }
        int n = DEFAULT_N;
        if (nParam != null) {
            try {
                n = Integer.parseInt(nParam.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > size) {
                throw new ApiError(
                        400,
                        "n must be a whole number from 1 to "
                                + size
                                + " (the job keeps the top "
                                + size
                                + ", --top-size), not '"
                                + nParam
                                + "'");
            }
        }
        String name = TopTable.ALL_TIME;
        if (windowParam != null) {
            if (!config.windowing().enabled()) {
                throw new ApiError(
                        409,
                        "windowed counts are off: start local with --window, e.g. --window 1m");
            }
            if (windowParam.equals("latest")) {
                name = TopTable.LATEST_WINDOW;
            } else {
                try {
                    name = TopTable.window(Long.parseLong(windowParam));
                } catch (NumberFormatException e) {
                    throw new ApiError(
                            400,
                            "window must be 'latest' or a window's start in epoch milliseconds, not"
                                    + " '"
                                    + windowParam
                                    + "'");
                }
            }
        }
        String table = TopTable.of(config.table());
        Optional<TopTable.Kept> kept;
        try {
            kept = TopTable.get(client, table, name);
        } catch (ResourceNotFoundException notYet) {
            kept = Optional.empty(); // the job creates the table as it starts
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", table);
        out.put("item", name);
        out.put("n", n);
        out.put("checkpoint", kept.map(TopTable.Kept::checkpoint).orElse(null));
        out.put("updated_at", kept.map(k -> k.updatedAt().toString()).orElse(null));
        out.put("top_size", size);
        if (windowParam != null) {
            long start = kept.map(TopTable.Kept::windowStart).orElse(-1L);
            out.put("window_start", start < 0 ? null : start);
            out.put("window_end", start < 0 ? null : start + config.windowing().size().toMillis());
        }
        List<WordCount> words = kept.map(TopTable.Kept::words).orElse(List.of());
        out.put(
                "words",
                words.subList(0, Math.min(n, words.size())).stream()
                        .map(w -> Map.of("word", w.word, "count", w.count))
                        .toList());
        return out;
    }

    /** {@code /api/metrics}: the newest sample of the job's metrics, and where things are. */
    Map<String, Object> metrics() {
        LiveMetrics.Snapshot s = metrics.latest();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", s.now());
        out.put("topic", config.topic());
        out.put("table", config.table());
        out.put(
                "window",
                config.windowing().enabled() ? Durations.format(config.windowing().size()) : null);
        out.put("top_size", config.topSize());
        out.put("flink_web_ui", flinkWebUi);
        out.put("series", s.series());
        out.put("rates", s.rates());
        out.put("totals", s.totals());
        out.put("checkpoints", s.checkpoints());
        out.put("lag", s.lag());
        out.put("lag_error", s.lagError());
        out.put("not_counted", s.notCounted());
        return out;
    }

    /**
     * {@code /api/history?word=&last=}: the word's count in each window of the last while (by
     * default the last {@value #DEFAULT_WINDOWS} windows), oldest first, from the windowed table
     * (one Query), and its total.
     */
    Map<String, Object> history(String word, String lastParam) {
        if (!config.windowing().enabled()) {
            throw new ApiError(
                    409, "windowed counts are off: start local with --window, e.g. --window 1m");
        }
        if (word == null || word.isBlank()) {
            throw new ApiError(400, "word is missing: /api/history?word=hello");
        }
        if (word.getBytes(StandardCharsets.UTF_8).length > Tokenizer.MAX_WORD_UTF8_BYTES) {
            throw new ApiError(
                    400, "word is longer than " + Tokenizer.MAX_WORD_UTF8_BYTES + " UTF-8 bytes");
        }
        Duration last = config.windowing().size().multipliedBy(DEFAULT_WINDOWS);
        if (lastParam != null) {
            try {
                last = Durations.parse(lastParam);
            } catch (IllegalArgumentException e) {
                last = Duration.ZERO;
            }
            if (last.isNegative() || last.isZero()) {
                throw new ApiError(
                        400,
                        "last must be a duration such as 15min or 2h, not '" + lastParam + "'");
            }
        }
        word = word.strip().toLowerCase(Locale.ROOT); // as the job counts it
        long size = config.windowing().size().toMillis();
        if (last.toMillis() / size > MAX_WINDOWS) {
            throw new ApiError(
                    400,
                    "last spans more than "
                            + MAX_WINDOWS
                            + " windows of "
                            + Durations.format(config.windowing().size())
                            + "; ask for less");
        }
        long total;
        try {
            total = WordCountTable.get(client, config.table(), word);
        } catch (ResourceNotFoundException notYet) {
            total = 0; // the job creates the table as it starts
        }
        if (total == 0) {
            throw new ApiError(404, "'" + word + "' has not been counted");
        }
        long now = System.currentTimeMillis();
        long from = now - last.toMillis();
        List<WindowCountItem.Window> windows =
                WindowCountTable.history(client, config.windowTable(), word, from - from % size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("word", word);
        out.put("total", total);
        out.put("table", config.windowTable());
        out.put("window_ms", size);
        out.put("from", from - from % size);
        out.put("to", now);
        out.put(
                "windows",
                windows.stream()
                        .map(w -> Map.of("start", w.start(), "end", w.end(), "count", w.count()))
                        .toList());
        return out;
    }
}
