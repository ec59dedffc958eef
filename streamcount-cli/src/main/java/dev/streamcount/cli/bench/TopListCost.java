package dev.streamcount.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What keeping the top list costs the counting itself, with DynamoDB out of the way: {@link
 * CountCeiling}'s topology (a sink that only sums the totals) with and without the job's top 100,
 * after a warm-up run of each, in interleaved pairs (without, with, with, without, ...) so that
 * drift in the machine's speed falls on both alike. Reports the median of each and their ratio.
 */
final class TopListCost implements Phase {

    static final String NAME = "top-list-cost";

    /** Runs of each; an odd number, for a median that is one run. */
    private static final int RUNS = 9;

    private static final int TOP_SIZE = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        // Two warm-up runs, one of each: the hot paths of both are compiled before any counts.
        CountCeiling.countCeilingRun(bench, "bench-top-cost-warmup-0", 0);
        CountCeiling.countCeilingRun(bench, "bench-top-cost-warmup-1", TOP_SIZE);
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int i = 0; i < 2 * RUNS; i++) {
            // without, with, with, without, without, with, ...: each first as often as the other.
            boolean withTop = (i % 4 == 1) || (i % 4 == 2);
            double s =
                    CountCeiling.countCeilingRun(
                            bench, "bench-top-cost-" + i, withTop ? TOP_SIZE : 0);
            (withTop ? with : without).add(s);
        }
        double medianWith = median(with);
        double medianWithout = median(without);
        long words = bench.setup().input().words();
        return new BenchResult(
                NAME,
                words,
                medianWith,
                -1,
                0,
                0,
                null,
                "-",
                String.format(
                        "counting into a summing sink with the top %d kept: median of %d runs"
                                + " %.2f s (%s); without: %.2f s (%s), %,.0f words/s; with /"
                                + " without = %.3f in time",
                        TOP_SIZE,
                        RUNS,
                        medianWith,
                        format(with),
                        medianWithout,
                        format(without),
                        words / medianWithout,
                        medianWith / medianWithout));
    }

    private static double median(List<Double> runs) {
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(List<Double> runs) {
        return String.join(" ", runs.stream().map(s -> String.format("%.2f", s)).toList());
    }
}
