package dev.streamcount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line of {@link StoreMain}. */
class StoreMainTest {

    @Test
    void defaultsToDynamoDbLocalsPort() {
        assertThat(StoreMain.parsePort(new String[] {})).isEqualTo(8000);
        assertThat(StoreMain.parsePort(new String[] {"--in-memory"})).isEqualTo(8000);
    }

    @Test
    void takesAPort() {
        assertThat(StoreMain.parsePort(new String[] {"--port", "0", "--in-memory"})).isZero();
        assertThat(StoreMain.parsePort(new String[] {"--port", "18000"})).isEqualTo(18000);
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> StoreMain.parsePort(new String[] {"--port"}))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> StoreMain.parsePort(new String[] {"--port", "eighty"}))
                .hasMessage("--port must be a number 0-65535, got eighty");
        assertThatThrownBy(() -> StoreMain.parsePort(new String[] {"--sharedDb"}))
                .hasMessage("Unknown argument: --sharedDb");
    }

    @Test
    void theServerRefusesAnImpossiblePort() {
        assertThatThrownBy(() -> StoreServer.start(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 0 (any free port) or 1-65535, got 70000");
    }
}
