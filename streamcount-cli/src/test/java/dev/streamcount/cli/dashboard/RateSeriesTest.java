package dev.streamcount.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateSeriesTest {

    @Test
    void ratesArePerSecondBetweenSamples() {
        RateSeries s = new RateSeries(10);
        s.sample(10_000, 100);
        s.sample(11_000, 600);
        s.sample(13_000, 1_600);

        assertThat(s.times()).containsExactly(11.0, 13.0);
        assertThat(s.rates()).containsExactly(500.0, 500.0);
        assertThat(s.recent(1)).isEqualTo(500.0);
    }

    @Test
    void aCounterThatWentDownWasResetAndCountsFromZero() {
        RateSeries s = new RateSeries(10);
        s.sample(1_000, 5_000);
        s.sample(2_000, 300); // the job restarted: its counters start at 0

        assertThat(s.rates()).containsExactly(300.0);
    }

    @Test
    void keepsOnlyTheNewestRatesAndIgnoresASampleThatIsNotNewer() {
        RateSeries s = new RateSeries(2);
        s.sample(1_000, 0);
        s.sample(2_000, 10);
        s.sample(3_000, 30);
        s.sample(3_000, 99);
        s.sample(4_000, 60);

        assertThat(s.rates()).containsExactly(20.0, 30.0);
        assertThat(s.recent(5)).isEqualTo(25.0);
    }
}
