package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.Setting;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Substance;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AlertSettings settings = AlertSettings.defaults();
        AlertSettings.Effective cs = settings.forCounty("532530");

        assertThat(settings.language()).isEqualTo(Language.EN);
        assertThat(settings.resolveAfter()).isEqualTo(2);
        assertThat(cs.enabled(AlertRule.COUNT_SPIKE)).isTrue();
        assertThat(cs.largeSeizureWarningGrams(DrugType.HEROIN)).isEqualTo(1_000);
        assertThat(cs.largeSeizureCriticalGrams(DrugType.HEROIN)).isEqualTo(10_000);
        assertThat(cs.largeSeizureResolveAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(cs.countSpikeMetrics()).containsExactly(CountMetric.values());
        assertThat(cs.countSpikeThreshold()).isEqualTo(3);
        assertThat(cs.countSpikeCritical()).isEqualTo(6);
        assertThat(cs.countSpikeSdFloor()).isEqualTo(1);
        assertThat(cs.countSpikeMinCount()).isEqualTo(3);
        assertThat(cs.countSpikeHysteresis()).isEqualTo(0.8);
        assertThat(cs.wastewaterWarningRatio()).isEqualTo(1.5);
        assertThat(cs.wastewaterCriticalRatio()).isEqualTo(2);
        assertThat(cs.wastewaterMinRecentSamples()).isEqualTo(3);
        assertThat(cs.wastewaterMinBaselineSamples()).isEqualTo(8);
        assertThat(cs.wastewaterHysteresis()).isEqualTo(0.9);
        assertThat(cs.wastewaterCeiling(Substance.METHAMPHETAMINE)).isEqualTo(400);
        assertThat(cs.wastewaterCeiling(Substance.KETAMINE)).isEqualTo(100);
        assertThat(cs.wastewaterCeiling(Substance.AMPHETAMINE)).isNull();
        assertThat(cs.checkpointZ()).isEqualTo(3);
        assertThat(cs.checkpointCriticalZ()).isEqualTo(5);
        assertThat(cs.checkpointMinHits()).isEqualTo(3);
        assertThat(cs.checkpointHysteresis()).isEqualTo(0.8);
    }

    @Test
    void documentsEveryKeyItAccepts() {
        List<Setting> documented = AlertSettings.documented();

        assertThat(documented).extracting(Setting::key).contains("alert.language", "alert.resolve.after",
                "alert.large-seizure.PRECURSOR.warning.grams", "alert.wastewater-rise.KETAMINE.ceiling",
                "alert.consumption-without-enforcement.enabled", "alert.county.<code>.<setting>");
        assertThat(documented).allSatisfy(s -> assertThat(s.doc()).isNotBlank());
        Map<String, String> all = new HashMap<>();
        documented.stream().filter(s -> !s.key().contains("<")).forEach(s -> all.put(s.key(), s.defaultValue()));
        assertThat(AlertSettings.from(all).forCounty("x").countSpikeThreshold()).isEqualTo(3);
    }

    @Test
    void aCountyOverrideAppliesToThatCountyOnly() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.county.532530.count-spike.threshold", "4",
                "alert.county.532530.wastewater-rise.enabled", "false"));

        assertThat(settings.forCounty("532530").countSpikeThreshold()).isEqualTo(4);
        assertThat(settings.forCounty("532530").enabled(AlertRule.WASTEWATER_RISE)).isFalse();
        assertThat(settings.forCounty("530602").countSpikeThreshold()).isEqualTo(3);
        assertThat(settings.forCounty("530602").enabled(AlertRule.WASTEWATER_RISE)).isTrue();
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "532530"))
                .containsEntry("alert.count-spike.threshold", "4")
                .containsEntry("alert.count-spike.critical", "6");
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "530602"))
                .containsEntry("alert.count-spike.threshold", "3");
    }

    @Test
    void precursorsAreJudgedByTheTonne() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.county.532530.large-seizure.warning.grams", "500"));

        AlertSettings.Effective jinping = settings.forCounty("532530");
        assertThat(jinping.largeSeizureWarningGrams(DrugType.METHAMPHETAMINE)).isEqualTo(500);
        assertThat(jinping.largeSeizureWarningGrams(DrugType.PRECURSOR)).isEqualTo(1_000_000);
        assertThat(jinping.largeSeizureCriticalGrams(DrugType.PRECURSOR)).isEqualTo(10_000_000);
        assertThat(settings.parameters(AlertRule.LARGE_SEIZURE, "532530"))
                .containsEntry("alert.large-seizure.warning.grams", "500")
                .containsEntry("alert.large-seizure.PRECURSOR.warning.grams", "1000000")
                .containsEntry("alert.large-seizure.resolve.after", "PT24H")
                .doesNotContainKey("alert.large-seizure.HEROIN.warning.grams");
    }

    @Test
    void aPerDrugThresholdCanBeSetGloballyAndPerCounty() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.large-seizure.HEROIN.warning.grams", "300",
                "alert.county.532530.large-seizure.HEROIN.critical.grams", "3000"));

        assertThat(settings.forCounty("530602").largeSeizureWarningGrams(DrugType.HEROIN)).isEqualTo(300);
        assertThat(settings.forCounty("530602").largeSeizureCriticalGrams(DrugType.HEROIN)).isEqualTo(10_000);
        assertThat(settings.forCounty("532530").largeSeizureCriticalGrams(DrugType.HEROIN)).isEqualTo(3_000);
    }

    @Test
    void anEmptyCountyCeilingRemovesTheCeiling() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.county.532530.wastewater-rise.METHAMPHETAMINE.ceiling",
                "", "alert.wastewater-rise.AMPHETAMINE.ceiling", "50"));

        assertThat(settings.forCounty("532530").wastewaterCeiling(Substance.METHAMPHETAMINE)).isNull();
        assertThat(settings.forCounty("532530").wastewaterCeiling(Substance.AMPHETAMINE)).isEqualTo(50);
        assertThat(settings.forCounty("530602").wastewaterCeiling(Substance.METHAMPHETAMINE)).isEqualTo(400);
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.treshold", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown alert setting 'alert.count-spike.treshold'"
                        + " (closest known: 'alert.count-spike.threshold')");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.wastewater.warning.ratio", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'alert.county.532530.wastewater.warning.ratio'")
                .hasMessageContaining("'alert.county.532530.wastewater-rise.warning.ratio'");
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.threshold", "three")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alert.count-spike.threshold: expected a positive number, got 'three'");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.large-seizure.resolve.after", "24h")))
                .hasMessageStartingWith("alert.county.532530.large-seizure.resolve.after: expected an ISO-8601");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.metrics", "ARRESTS")))
                .hasMessageStartingWith("alert.count-spike.metrics: expected a comma-separated list");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.hysteresis", "1.2")))
                .hasMessageStartingWith("alert.count-spike.hysteresis: expected a number in (0, 1]");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.resolve.after", "0")))
                .hasMessageStartingWith("alert.resolve.after: expected an integer of at least 1");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.language", "fr")))
                .hasMessage("alert.language: expected en or zh, got 'fr'");
    }

    @Test
    void aCriticalLevelBelowItsWarningLevelIsRejected() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.count-spike.critical", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("for county 532530, alert.count-spike.critical (2) must not be below"
                        + " alert.count-spike.threshold (3)");
    }

    @Test
    void globalOnlySettingsCannotBeSetPerCounty() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.language", "zh")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert.language applies to all counties");
    }

    @Test
    void valuesAreReadLeniently() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.language", " ZH ",
                "alert.count-spike.metrics", "suspects, arrest_events",
                "alert.checkpoint-hit-rate.enabled", "FALSE"));

        assertThat(settings.language()).isEqualTo(Language.ZH);
        assertThat(settings.forCounty("1").countSpikeMetrics())
                .containsExactly(CountMetric.SUSPECTS, CountMetric.ARREST_EVENTS);
        assertThat(settings.forCounty("1").enabled(AlertRule.CHECKPOINT_HIT_RATE)).isFalse();
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "1"))
                .containsEntry("alert.count-spike.metrics", "SUSPECTS,ARREST_EVENTS");
    }
}
