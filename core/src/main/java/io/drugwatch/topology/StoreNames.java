package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys;

/**
 * State store names. They name the changelog topics too, so they must never change: a new name
 * would start the state from nothing on upgrade. The keys of each store are in {@link StoreKeys}.
 */
public final class StoreNames {
    /** County and local date ({@link StoreKeys.Panes}) to the county's daily pane. */
    public static final String PANES = "county-panes";
    /** Which counties have a pane on a day ({@link StoreKeys.Days}), to find the windows a closing day ends. */
    public static final String DAYS = "county-days";
    /** Accepted events within the dedup horizon, by kind and eventId ({@link StoreKeys.SeenEvents}). */
    public static final String SEEN_EVENTS = "seen-event-ids";
    /** The task's stream time and the last closed local day ({@link StoreKeys.Clock}). */
    public static final String CLOCK = "stream-clock";
    /** County to its daily series for the alert rules, and the peers' totals ({@link StoreKeys.AlertSeries}). */
    public static final String ALERT_SERIES = "alert-series";
    /** County, plant digest and substance ({@link StoreKeys.Plants}) to the plant's latest wastewater samples. */
    public static final String PLANT_SAMPLES = "plant-samples";
    /** County code to what each alert rule could judge on its latest closed day. */
    public static final String ALERT_COVERAGE = "alert-coverage";
    /** County, rule and subject ({@link StoreKeys.AlertStates}) to the lifecycle state of its alert. */
    public static final String ALERT_STATES = "alert-states";
    /** alertId to the last record of every alert still in alerts-open. */
    public static final String OPEN_ALERTS = "open-alerts";
    /** Each state change ({@link StoreKeys.AlertHistory}) of the alerts still in alerts-open. */
    public static final String ALERT_HISTORY = "alert-history";
    /** The latest value of every county window ({@link StoreKeys.CountyWindows}), read back from county-indicators. */
    public static final String COUNTY_WINDOWS = "county-windows-table";
    /**
     * The newest window of each county and size ({@link StoreKeys.CountyLatest}) with when it last changed,
     * so the county list is one scan over counties whatever the history kept.
     */
    public static final String COUNTY_LATEST = "county-latest-windows";
    /** Global copy of the counties reference data. */
    public static final String COUNTIES = "counties";

    private StoreNames() {}
}
