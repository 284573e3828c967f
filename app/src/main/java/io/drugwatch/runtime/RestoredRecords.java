package io.drugwatch.runtime;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Counts the records Kafka Streams restores into the state stores from Kafka. After a clean stop the
 * stores resume from their checkpoints and nothing is restored; after a crash, or without
 * checkpoints, every store is rebuilt from its changelog, which is what makes a start slow.
 */
final class RestoredRecords implements StateRestoreListener {

    private final AtomicLong records = new AtomicLong();

    long total() {
        return records.get();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {}

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        records.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {}
}
