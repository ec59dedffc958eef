package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Totals of completed checkpoints handed over for writing and not yet confirmed written, shared by
 * the task thread (which adds them) and the committer's request threads (which take and confirm
 * them). Thread-safe.
 *
 * <p>Queued totals are coalesced per word: a newer total of a word not yet sent replaces the older,
 * so a backlog writes each word once however many checkpoints completed meanwhile. A word is never
 * in two requests at once, so two transactions never conflict on one item.
 */
final class PendingTotals {

    /**
     * One hand-over: the totals of the checkpoints up to one completed checkpoint. Done when all of
     * them are written or fenced.
     */
    static final class Round {
        final long checkpointId;
        final long handedNanos;
        private int outstanding;

        Round(long checkpointId, long handedNanos) {
            this.checkpointId = checkpointId;
            this.handedNanos = handedNanos;
        }
    }

    /** One word's newest total to write, and the rounds waiting for it. */
    static final class Entry {
        final String word;
        long total;
        private final List<Round> waiting = new ArrayList<>(1);

        Entry(String word, long total) {
            this.word = word;
            this.total = total;
        }

        @Override
        public String toString() {
            return word + "=" + total;
        }
    }

    private final LinkedHashMap<String, Entry> queued = new LinkedHashMap<>();
    private final Map<String, Entry> sending = new HashMap<>();
    private boolean closed;

    // Queued plus being sent, kept after every change so that size() takes no lock: the task
    // thread asks for it with every total it takes in.
    private volatile int size;

    // Rounds with totals not yet confirmed, and the newest round added: what committedThrough says.
    private final TreeSet<Long> openRounds = new TreeSet<>();
    private long newestRound = -1;

    /**
     * Queues the totals of {@code round}, a newer total of a word replacing an older one not yet
     * sent.
     *
     * @return whether the round is already complete (it had no totals)
     */
    synchronized boolean add(Round round, Map<String, Long> totals) {
        for (Map.Entry<String, Long> t : totals.entrySet()) {
            Entry e = queued.get(t.getKey());
            if (e == null) {
                e = new Entry(t.getKey(), t.getValue());
                queued.put(t.getKey(), e);
            } else if (t.getValue() > e.total) {
                e.total = t.getValue();
            }
            e.waiting.add(round);
            round.outstanding++;
        }
        newestRound = Math.max(newestRound, round.checkpointId);
        if (round.outstanding > 0) {
            openRounds.add(round.checkpointId);
        }
        size = queued.size() + sending.size();
        notifyAll();
        return round.outstanding == 0;
    }

    /**
     * Up to {@code max} queued totals of words not being sent, oldest first, now being sent; waits
     * while there are none. Empty once {@link #close()}d.
     */
    synchronized List<Entry> take(int max) throws InterruptedException {
        while (!closed) {
            List<Entry> batch = new ArrayList<>(Math.min(max, queued.size()));
            for (Iterator<Entry> it = queued.values().iterator();
                    it.hasNext() && batch.size() < max; ) {
                Entry e = it.next();
                if (!sending.containsKey(e.word)) {
                    it.remove();
                    sending.put(e.word, e);
                    batch.add(e);
                }
            }
            if (!batch.isEmpty()) {
                return batch;
            }
            wait();
        }
        return List.of();
    }

    /**
     * Confirms a batch from {@link #take} (written, or fenced by a higher stored total).
     *
     * @return the rounds this completed
     */
    synchronized List<Round> confirm(List<Entry> batch) {
        List<Round> completed = new ArrayList<>(0);
        for (Entry e : batch) {
            sending.remove(e.word);
            for (Round r : e.waiting) {
                if (--r.outstanding == 0) {
                    completed.add(r);
                    openRounds.remove(r.checkpointId);
                }
            }
        }
        // Wakes request threads (a newer total of a word just confirmed may be sent now) and
        // awaitEmpty.
        size = queued.size() + sending.size();
        notifyAll();
        return completed;
    }

    /**
     * The newest checkpoint through which every total handed over is confirmed written: the table
     * holds this checkpoint's totals, or higher ones. -1 before any checkpoint was handed over.
     */
    synchronized long committedThrough() {
        return openRounds.isEmpty() ? newestRound : Math.min(newestRound, openRounds.first() - 1);
    }

    /** Every total not yet confirmed, for a checkpoint: a restored job writes them again. */
    synchronized List<WordCount> unconfirmed() {
        List<WordCount> all = new ArrayList<>(queued.size() + sending.size());
        for (Entry e : sending.values()) {
            all.add(new WordCount(e.word, e.total));
        }
        for (Entry e : queued.values()) {
            all.add(new WordCount(e.word, e.total));
        }
        return all;
    }

    /** Totals queued or being sent. */
    int size() {
        return size;
    }

    /** Waits until every total is confirmed, for at most {@code timeoutMillis}. */
    synchronized boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queued.isEmpty() || !sending.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || closed) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }

    /** Wakes every waiting {@link #take}, which then returns empty. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
