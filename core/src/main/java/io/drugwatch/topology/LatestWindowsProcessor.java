package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.state.LatestWindow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps county-latest-windows: for every county and window size, the window with the latest end date
 * published so far (at the same end date the later publication, so a final replaces its updates),
 * stamped with the pipeline's wall clock when it changed. It receives what the windows processor
 * publishes to county-indicators, in the same task, so a county's entries are in the partition of its
 * events and the county list reads one entry per county, however many days of windows the table keeps.
 *
 * <p>An entry leaves the store as its window leaves county-indicators: when the task's newest window
 * ends more than the topic's retention after it (the topic deletes a window that long after its end,
 * which is its timestamp), that is when the county has published nothing for that long.
 */
final class LatestWindowsProcessor implements Processor<String, CountyIndicators, Void, Void> {

    private final long retentionDays;

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, LatestWindow> latest;
    /** The newest end date this task has seen; after a restart the next window sets it again. */
    private LocalDate newest;
    /** Entries ending before this day are gone. */
    private LocalDate purgedBefore;

    LatestWindowsProcessor(Duration retention) {
        this.retentionDays = retention.toDays();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.latest = context.getStateStore(StoreNames.COUNTY_LATEST);
    }

    @Override
    public void process(Record<String, CountyIndicators> record) {
        CountyIndicators window = record.value();
        LocalDate end = LocalDate.parse(window.getEndDate());
        String key = StoreKeys.CountyLatest.key(window.getWindowDays(), StoreKeys.CountyWindows.county(record.key()));
        LatestWindow stored = latest.get(key);
        if (stored == null || stored.replacedBy(end)) {
            latest.put(key, LatestWindow.of(context.currentSystemTimeMs(), window));
        }
        if (newest == null || end.isAfter(newest)) {
            newest = end;
            purgeBefore(end.minusDays(retentionDays));
        }
    }

    /** Deletes the entries whose window ends before {@code cutoff}; one scan over counties, once a day. */
    private void purgeBefore(LocalDate cutoff) {
        if (purgedBefore != null && !cutoff.isAfter(purgedBefore)) {
            return;
        }
        purgedBefore = cutoff;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, LatestWindow> it = latest.all()) {
            while (it.hasNext()) {
                KeyValue<String, LatestWindow> e = it.next();
                if (e.value != null && e.value.endDate().isBefore(cutoff)) {
                    expired.add(e.key);
                }
            }
        }
        expired.forEach(latest::delete);
    }
}
