package dev.streamcount.cli.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The per-second rate of a counter over the last few minutes, from samples of its value. A counter
 * that went down was reset (the job restarted, and its counters with it): it counts again from 0.
 */
final class RateSeries {
    private final int capacity;
    private final Deque<double[]> points = new ArrayDeque<>(); // {epoch seconds, per second}
    private long lastMillis = -1;
    private long lastValue;

    /**
     * @param capacity how many rates are kept, the oldest dropped first
     */
    RateSeries(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a sample of the counter taken at {@code epochMillis}: a rate from the last one. */
    void sample(long epochMillis, long value) {
        if (lastMillis >= 0 && epochMillis > lastMillis) {
            long delta = value >= lastValue ? value - lastValue : value;
            double rate = delta * 1000.0 / (epochMillis - lastMillis);
            if (points.size() == capacity) {
                points.removeFirst();
            }
            points.addLast(new double[] {epochMillis / 1000.0, rate});
        }
        if (epochMillis > lastMillis) {
            lastMillis = epochMillis;
            lastValue = value;
        }
    }

    /** The times of the rates, in epoch seconds, oldest first. */
    double[] times() {
        return column(0);
    }

    /** The rates, per second, oldest first. */
    double[] rates() {
        return column(1);
    }

    /** The mean rate over the last {@code n} samples (fewer if there are fewer); 0 without any. */
    double recent(int n) {
        double sum = 0;
        int taken = 0;
        for (var it = points.descendingIterator(); it.hasNext() && taken < n; taken++) {
            sum += it.next()[1];
        }
        return taken == 0 ? 0 : sum / taken;
    }

    private double[] column(int i) {
        double[] out = new double[points.size()];
        int k = 0;
        for (double[] p : points) {
            out[k++] = p[i];
        }
        return out;
    }
}
