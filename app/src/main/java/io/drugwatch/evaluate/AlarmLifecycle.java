package io.drugwatch.evaluate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a series of daily verdicts into the days on which an alert would open, with the lifecycle the
 * alerts use (docs/alerts.md): open on an alarm when none is open, hold while the verdict holds, resolve
 * after {@code resolveAfter} clear days. For detectors that are not the rules themselves: the ideal
 * detector and R's reference methods.
 */
final class AlarmLifecycle {

    /** A day's verdict. */
    enum Verdict {
        CLEAR,
        HOLD,
        ALARM
    }

    private AlarmLifecycle() {}

    /** @param verdicts one per day from {@code first} */
    static List<LocalDate> openDays(LocalDate first, Verdict[] verdicts, int resolveAfter) {
        List<LocalDate> opens = new ArrayList<>();
        boolean open = false;
        int clear = 0;
        for (int i = 0; i < verdicts.length; i++) {
            Verdict v = verdicts[i];
            if (v == Verdict.ALARM && !open) {
                opens.add(first.plusDays(i));
                open = true;
                clear = 0;
            } else if (v != Verdict.CLEAR) {
                clear = 0;
            } else if (open && ++clear >= resolveAfter) {
                open = false;
            }
        }
        return opens;
    }
}
