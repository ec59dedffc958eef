package dev.streamcount.cli.bench;

import java.util.Locale;
import java.util.Map;

/** How results are printed: a line a phase while running, a Markdown table and a summary line. */
final class BenchReport {
    private BenchReport() {}

    static String line(BenchResult r) {
        String rate =
                r.words() > 0
                        ? String.format("%,12.0f words/s", r.wordsPerSecond())
                        : String.format("%18s", "");
        return String.format(
                Locale.ROOT,
                "%s  %6.2f s  %s%s",
                rate,
                r.seconds(),
                r.latency() == null
                        ? ""
                        : String.format(
                                "p50 %d ms, p99 %d ms  ",
                                r.latency().percentile(50), r.latency().percentile(99)),
                r.table().equals("-") ? r.note() : r.table() + "; " + r.note());
    }

    /** The results as a Markdown table. */
    static String table(Iterable<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| phase | words/s | time (s) | DynamoDB items written | words/write | peak heap"
                        + " (MiB) | peak RSS (MiB) | produce→visible p50 / p99 (ms) | table | notes"
                        + " |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (BenchResult r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %s | %s | %d | %d | %s | %s | %s |%n",
                            r.phase(),
                            r.words() > 0
                                    ? String.format(Locale.ROOT, "%,.0f", r.wordsPerSecond())
                                    : "-",
                            r.seconds(),
                            r.items() >= 0 ? String.format(Locale.ROOT, "%,d", r.items()) : "-",
                            r.items() > 0 && r.words() > 0
                                    ? String.format(
                                            Locale.ROOT, "%,.1f", (double) r.words() / r.items())
                                    : "-",
                            r.peakHeapBytes() >> 20,
                            r.peakRssBytes() >> 20,
                            r.latency() == null
                                    ? "-"
                                    : r.latency().percentile(50)
                                            + " / "
                                            + r.latency().percentile(99)
                                            + " (n="
                                            + r.latency().count()
                                            + ")",
                            r.table(),
                            r.note()));
        }
        return sb.toString();
    }

    /**
     * {@code summary: exactly-once <W> words/s, <A>x tutorial, <B>x naive, <C> of count-ceiling,
     * table verified}.
     */
    static String summary(Map<String, BenchResult> results) {
        BenchResult eo = results.get(Phases.EXACTLY_ONCE_1S.name());
        if (eo == null) {
            return "summary: exactly-once not run";
        }
        double w = eo.wordsPerSecond();
        boolean verified =
                results.values().stream()
                        .filter(r -> Phases.checked(r.phase()))
                        .allMatch(BenchResult::verified);
        return String.format(
                Locale.ROOT,
                "summary: exactly-once %,.0f words/s, %s tutorial, %s naive, %s of count-ceiling,"
                        + " %s",
                w,
                ratio(w, results.get(Tutorial.NAME)),
                ratio(w, results.get(Naive.NAME)),
                results.containsKey(CountCeiling.NAME)
                        ? String.format(
                                Locale.ROOT,
                                "%.0f%%",
                                100 * w / results.get(CountCeiling.NAME).wordsPerSecond())
                        : "n/a",
                verified ? "table verified" : "table NOT verified");
    }

    private static String ratio(double w, BenchResult other) {
        return other == null
                ? "n/a"
                : String.format(Locale.ROOT, "%.1fx", w / other.wordsPerSecond());
    }
}
