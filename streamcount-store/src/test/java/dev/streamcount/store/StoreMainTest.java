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
    void takesADataDirectoryOrKeepsTablesInMemory() {
        assertThat(StoreMain.parse(new String[] {"--data-dir", "/var/lib/store", "--port", "9"}))
                .isEqualTo(new StoreMain.Options(9, java.nio.file.Path.of("/var/lib/store")));
        assertThat(StoreMain.parse(new String[] {"--in-memory"}).dataDir()).isNull();
        assertThat(StoreMain.parse(new String[] {}).dataDir()).isNull();
        assertThatThrownBy(() -> StoreMain.parse(new String[] {"--data-dir"}))
                .hasMessage("--data-dir needs a directory");
        assertThatThrownBy(() -> StoreMain.parse(new String[] {"--in-memory", "--data-dir", "d"}))
                .hasMessage("--in-memory and --data-dir exclude each other");
    }

    @Test
    void theServerRefusesAnImpossiblePort() {
        assertThatThrownBy(() -> StoreServer.start(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 0 (any free port) or 1-65535, got 70000");
    }
}
