package dev.streamcount.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WindowOptionsTest {

    private static JobConfig parse(String... args) {
        JobOptions options = new JobOptions();
        new CommandLine(options).parseArgs(args);
        return options.toConfig();
    }

    @Test
    void windowsAreOffUnlessAWindowIsGiven() {
        assertThat(parse().windowing().enabled()).isFalse();
        // What a template or MSF property passes for none.
        assertThat(parse("--window", "off").windowing().enabled()).isFalse();
    }

    @Test
    void aWindowWithItsDefaultsAndTheTableNamedAfterTheTotals() {
        JobConfig c = parse("--window", "1min", "--table", "Counts");
        assertThat(c.windowing().size()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.windowTable()).isEqualTo("CountsByWindow");
        assertThat(c.windowing().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.windowing().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.windowing().allowedLateness()).isEqualTo(Duration.ZERO);
        assertThat(c.windowing().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(parse("--window", "5s", "--window-table", "W").windowTable()).isEqualTo("W");
    }

    @Test
    void aBadWindowIsRefusedWithTheValue() {
        assertThatThrownBy(() -> parse("--window", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'soon' is not a duration");
    }
}
