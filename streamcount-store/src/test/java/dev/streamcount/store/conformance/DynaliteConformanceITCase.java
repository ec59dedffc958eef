package dev.streamcount.store.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The store against dynalite 4.0.0: every case sends the same raw DynamoDB JSON requests to both
 * and compares status, error type, message and body (normalized only where two faithful
 * implementations legitimately differ: see {@link Answers}).
 *
 * <p>dynalite runs as a child {@code node} process; install it first with {@code npm ci --prefix
 * streamcount-store/src/test/dynalite}. With {@code -Dconformance.dynaliteOnly=true} the store is
 * not started and the suite only checks its own requests against dynalite, recording dynalite's
 * answers in {@code target/conformance/transcript.md}. Mismatches are listed in {@code
 * target/conformance/mismatches.md}.
 */
class DynaliteConformanceITCase {

    private static final Path REPORTS = Path.of("target", "conformance");

    private static DynaliteProcess dynalite;
    private static StoreTarget store;
    private static ScenarioRunner runner;

    @BeforeAll
    static void startBoth() {
        dynalite =
                DynaliteProcess.start(
                        DynaliteProcess.defaultDirectory(), REPORTS.resolve("dynalite.log"));
        boolean dynaliteOnly = Boolean.getBoolean("conformance.dynaliteOnly");
        store = dynaliteOnly ? null : StoreTarget.start();
        runner =
                new ScenarioRunner(
                        new RawDynamoClient(dynalite),
                        store == null ? null : new RawDynamoClient(store),
                        REPORTS);
    }

    @AfterAll
    static void stopBoth() {
        // dynalite is a child process: it must go even when stopping the store fails.
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> tables() {
        return cases(TableCases.all());
    }

    @TestFactory
    Stream<DynamicTest> items() {
        return cases(ItemCases.all());
    }

    @TestFactory
    Stream<DynamicTest> conditions() {
        return cases(ConditionCases.all());
    }

    @TestFactory
    Stream<DynamicTest> updates() {
        return cases(UpdateCases.all());
    }

    @TestFactory
    Stream<DynamicTest> batches() {
        return cases(BatchCases.all());
    }

    @TestFactory
    Stream<DynamicTest> queriesAndScans() {
        return cases(QueryScanCases.all());
    }

    @TestFactory
    Stream<DynamicTest> ordering() {
        return cases(OrderingCases.all());
    }

    @TestFactory
    Stream<DynamicTest> protocol() {
        return cases(ProtocolCases.all());
    }

    private static Stream<DynamicTest> cases(List<Scenario> scenarios) {
        return scenarios.stream()
                .map(
                        scenario ->
                                DynamicTest.dynamicTest(
                                        scenario.name(), () -> runner.run(scenario)));
    }
}
