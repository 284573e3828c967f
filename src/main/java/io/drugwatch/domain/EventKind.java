package io.drugwatch.domain;

/** The four input event streams. The tag is stable across topic renames because it keys dedup state. */
public enum EventKind {
    ARREST("arrest"),
    SEIZURE("seizure"),
    CHECKPOINT_INSPECTION("inspection"),
    WASTEWATER_SAMPLE("wastewater");

    private final String tag;

    EventKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
