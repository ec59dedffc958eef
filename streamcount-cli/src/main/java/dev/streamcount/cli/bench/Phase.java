package dev.streamcount.cli.bench;

/** One phase of the benchmark: what it is called, whether its table must be exact, how it runs. */
interface Phase {

    /** The name the results and {@code --phases} use, e.g. {@code exactly-once-1s}. */
    String name();

    /** Whether the table it writes must equal the expected counts for the benchmark to pass. */
    default boolean checked() {
        return false;
    }

    /** Runs the phase on the shared input; its own table, if any, is deleted afterwards. */
    BenchResult run(BenchContext bench) throws Exception;
}
