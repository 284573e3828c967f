package io.drugwatch.topology;

/**
 * State store names. They name the changelog topics too, so they must never change: a new name
 * would start the state from nothing on upgrade.
 */
public final class StoreNames {
    /** county|yyyy-MM-dd to the county's daily pane. */
    public static final String PANES = "county-panes";
    /** yyyy-MM-dd|county: which counties have a pane on a day, to find the windows a closing day ends. */
    public static final String DAYS = "county-days";
    /** kind|eventId of accepted events within the dedup horizon. */
    public static final String SEEN_EVENTS = "seen-event-ids";
    /** The task's stream time and the last closed local day. */
    public static final String CLOCK = "stream-clock";
    /** county to its daily series for the alert rules (the last 112 days of counts). */
    public static final String ALERT_SERIES = "alert-series";
    /** county|plant digest|substance to the plant's latest wastewater samples. */
    public static final String PLANT_SAMPLES = "plant-samples";
    /** county to what each alert rule could judge on its latest closed day. */
    public static final String ALERT_COVERAGE = "alert-coverage";
    /** county|rule|subject to the lifecycle state of its alert. */
    public static final String ALERT_STATES = "alert-states";
    /** alertId to the last record of every alert still in alerts-open. */
    public static final String OPEN_ALERTS = "open-alerts";
    /** alertId|updatedAt|status to each state change of the alerts still in alerts-open. */
    public static final String ALERT_HISTORY = "alert-history";
    /** The latest value of every county window, read back from county-indicators. */
    public static final String COUNTY_WINDOWS = "county-windows-table";
    /** Global copy of the counties reference data. */
    public static final String COUNTIES = "counties";

    private StoreNames() {
    }
}
