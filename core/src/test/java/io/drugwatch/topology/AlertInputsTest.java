package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.keys;
import static io.drugwatch.topology.Events.JINPING;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drugwatch.alerting.CountySeries;
import io.drugwatch.alerting.CountySeries.Series;
import io.drugwatch.alerting.Coverage;
import io.drugwatch.alerting.CoverageCodec;
import io.drugwatch.alerting.PlantHistory;
import io.drugwatch.alerting.PlantSamples;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Substance;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertInputsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    private final AlertFixture fixture = new AlertFixture();
    private final AlertInputs inputs = new AlertInputs(fixture.series, fixture.plants, fixture.coverage);

    @Test
    void aClosedDayExtendsTheSeriesOfItsCountiesAndThePeers() {
        CountySeries peers = inputs.recordDay(DAY, Map.of(LUDIAN, arrests("a-1", 1), JINPING, arrests("a-2", 1)));
        inputs.recordDay(DAY.plusDays(1), Map.of(LUDIAN, arrests("a-3", 1)));

        assertThat(peers.get(Series.ARREST_EVENTS, DAY)).isEqualTo(2);
        assertThat(keys(fixture.series)).containsExactlyInAnyOrder(StoreKeys.AlertSeries.PEERS, JINPING, LUDIAN);
        Map<String, CountySeries> counties = inputs.counties();
        assertThat(counties).containsOnlyKeys(JINPING, LUDIAN);
        assertThat(counties.get(LUDIAN).sum(Series.ARREST_EVENTS, DAY, DAY.plusDays(1)))
                .isEqualTo(2);
    }

    @Test
    void samplesAreFiledUnderTheirCountyPlantAndSubstance() {
        inputs.addSample(
                sample("w-1", LUDIAN, local("2026-11-20", "06:00"), Substance.METHAMPHETAMINE, 200, 10_000, 50_000),
                DAY);
        inputs.addSample(
                sample("w-2", LUDIAN, local("2026-11-21", "06:00"), Substance.METHAMPHETAMINE, 300, 10_000, 50_000),
                DAY.plusDays(1));
        inputs.addSample(
                sample("w-3", LUDIAN, local("2026-11-21", "06:00"), Substance.KETAMINE, 10, 10_000, 50_000),
                DAY.plusDays(1));
        inputs.addSample(
                sample("w-4", JINPING, local("2026-11-21", "06:00"), Substance.KETAMINE, 10, 10_000, 50_000),
                DAY.plusDays(1));

        String plant = PlantSamples.plantKey(LUDIAN + "-WWTP");
        assertThat(inputs.plants(LUDIAN))
                .extracting(PlantHistory::plantKey, PlantHistory::substance)
                .containsExactlyInAnyOrder(tuple(plant, Substance.METHAMPHETAMINE), tuple(plant, Substance.KETAMINE));
        PlantHistory meth = inputs.plants(LUDIAN).stream()
                .filter(p -> p.substance() == Substance.METHAMPHETAMINE)
                .findFirst()
                .orElseThrow();
        assertThat(meth.samples().upTo(DAY.plusDays(1)))
                .extracting(PlantSamples.Sample::epochDay)
                .containsExactly(DAY.toEpochDay(), DAY.plusDays(1).toEpochDay());
    }

    @Test
    void coverageIsKeptPerCountyAndAQuietCountyIsForgottenButItsNeighbours() {
        List<Coverage> entries = List.of(Coverage.judged(AlertRule.COUNT_SPIKE, "ARREST_EVENTS"));
        inputs.recordDay(DAY, Map.of(LUDIAN, new DailyPane(), JINPING, arrests("a-1", 1)));
        inputs.recordCoverage(LUDIAN, DAY, entries);
        inputs.recordCoverage(JINPING, DAY, entries);

        assertThat(CoverageCodec.decode(fixture.coverage.get(LUDIAN)))
                .isEqualTo(new CoverageCodec.CountyCoverage(DAY, entries));

        inputs.forget(LUDIAN);

        assertThat(keys(fixture.series)).containsExactlyInAnyOrder(StoreKeys.AlertSeries.PEERS, JINPING);
        assertThat(keys(fixture.coverage)).containsExactly(JINPING);
    }

    private static DailyPane arrests(String id, int suspects) {
        DailyPane pane = new DailyPane();
        EventType.ARREST.addTo(pane, arrest(id, LUDIAN, local("2026-11-20", "10:00"), Offense.USE, suspects));
        return pane;
    }
}
