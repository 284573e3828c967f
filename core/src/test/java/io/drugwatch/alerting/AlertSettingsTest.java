package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Substance;
import io.drugwatch.settings.Setting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
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
        assertThat(settings.campaigns()).isEmpty();
        assertThat(cs.campaignUplift()).isEqualTo(1.45);
        assertThat(cs.countSpikeMetrics()).containsExactly(CountMetric.ARREST_EVENTS, CountMetric.SEIZURE_EVENTS);
        assertThat(cs.countSpikeBaselineDays()).isEqualTo(126);
        assertThat(cs.countSpikeMinBaselineDays()).isEqualTo(28);
        assertThat(cs.countSpikeMinCount()).isEqualTo(5);
        assertThat(cs.countSpikeMinRatio()).isEqualTo(1.5);
        assertThat(cs.countSpikeCriticalRatio()).isEqualTo(3);
        assertThat(cs.countSpikeMinExpected()).isEqualTo(1);
        assertThat(cs.countSpikeHoldP()).isEqualTo(0.01);
        assertThat(cs.wastewaterRecentDays()).isEqualTo(7);
        assertThat(cs.wastewaterMinRecentSamples()).isEqualTo(3);
        assertThat(cs.wastewaterHistorySamples()).isEqualTo(30);
        assertThat(cs.wastewaterGuardDays()).isEqualTo(14);
        assertThat(cs.wastewaterMinHistorySamples()).isEqualTo(6);
        assertThat(cs.wastewaterSdFloor()).isEqualTo(0.15);
        assertThat(cs.wastewaterMaxBelowLoqShare()).isEqualTo(0.5);
        assertThat(cs.wastewaterMinRatio()).isEqualTo(1.5);
        assertThat(cs.wastewaterCriticalRatio()).isEqualTo(3);
        assertThat(cs.wastewaterCeiling(Substance.METHAMPHETAMINE)).isNull();
        assertThat(cs.checkpointBaselineDays()).isEqualTo(84);
        assertThat(cs.checkpointMinHits()).isEqualTo(5);
        assertThat(cs.checkpointMinRatio()).isEqualTo(1.5);
        assertThat(cs.enforcementMaxRatio()).isEqualTo(1.25);
        assertThat(cs.enforcementMinExpected()).isEqualTo(16);
        assertThat(settings.peersMinDaily()).isEqualTo(20);
    }

    @Test
    void documentsEveryKeyItAccepts() {
        List<Setting> documented = AlertSettings.documented();

        assertThat(documented)
                .extracting(Setting::key)
                .contains(
                        "alert.language",
                        "alert.resolve.after",
                        "alert.large-seizure.PRECURSOR.warning.grams",
                        "alert.wastewater-rise.KETAMINE.ceiling",
                        "alert.consumption-without-enforcement.enabled",
                        "alert.county.<code>.<setting>");
        assertThat(documented).allSatisfy(s -> assertThat(s.doc()).isNotBlank());
        Map<String, String> all = new HashMap<>();
        documented.stream().filter(s -> !s.key().contains("<")).forEach(s -> all.put(s.key(), s.defaultValue()));
        assertThat(AlertSettings.from(all).forCounty("x").countSpikeMinCount()).isEqualTo(5);
    }

    @Test
    void eachTestsThresholdFollowsFromTheFamilysBudget() {
        AlertSettings.Effective cs = AlertSettings.defaults().forCounty("1");
        // 4 alarm-level days per 1,000 county-days over 2 metrics x 2 windows, or 1 metric x 2
        assertThat(cs.countSpikeAlpha()).isEqualTo(4e-3 / 4);
        assertThat(cs.countSpikeAlpha(2)).isEqualTo(4e-3 / 2);
        // a weekly plant's 4 substances are judged afresh once a week
        assertThat(cs.wastewaterAlpha(7, 4)).isEqualTo(3e-3 * 7 / 4);
        assertThat(cs.wastewaterAlpha(1, 4)).isEqualTo(3e-3 / 4);
        assertThat(cs.checkpointAlpha()).isEqualTo(3e-3);

        AlertSettings.Effective strict = AlertSettings.from(Map.of(
                        "alert.county.1.count-spike.alarm-days",
                        "0.1",
                        "alert.county.1.count-spike.metrics",
                        "ARREST_EVENTS"))
                .forCounty("1");
        assertThat(strict.countSpikeAlpha()).isEqualTo(0.1e-3 / 2);
    }

    @Test
    void aBaselineLongerThanTheKeptSeriesIsRefused() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.baseline.days", "189")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "alert.count-spike.baseline.days (189) must be at most 182: the alert series keep 196 days");
    }

    @Test
    void campaignsAreReadWithFixedOrYearlyDates() {
        AlertSettings settings =
                AlertSettings.from(Map.of("alert.campaigns", "6·26:2025-06-01/2025-06-30, 冬春肃毒:12-01/01-15"));

        List<Campaign> campaigns = settings.campaigns();
        assertThat(campaigns).extracting(Campaign::name).containsExactly("6·26", "冬春肃毒");
        assertThat(campaigns.get(0).covers(java.time.LocalDate.of(2025, 6, 30))).isTrue();
        assertThat(campaigns.get(0).covers(java.time.LocalDate.of(2026, 6, 15))).isFalse();
        assertThat(campaigns.get(1).covers(java.time.LocalDate.of(2031, 12, 24)))
                .isTrue();
        assertThat(campaigns.get(1).covers(java.time.LocalDate.of(2032, 1, 15))).isTrue();
        assertThat(campaigns.get(1).covers(java.time.LocalDate.of(2032, 1, 16))).isFalse();
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.campaigns", "6·26:June")))
                .hasMessageStartingWith("alert.campaigns: campaign '6·26:June' must look like");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.1.campaigns", "x:06-01/06-30")))
                .hasMessageContaining("alert.campaigns applies to all counties");
    }

    @Test
    void aCountyOverrideAppliesToThatCountyOnly() {
        AlertSettings settings = AlertSettings.from(Map.of(
                "alert.county.532530.count-spike.alarm-days",
                "0.2",
                "alert.county.532530.wastewater-rise.enabled",
                "false"));

        assertThat(settings.forCounty("532530").countSpikeAlpha()).isEqualTo(0.2e-3 / 4);
        assertThat(settings.forCounty("532530").enabled(AlertRule.WASTEWATER_RISE))
                .isFalse();
        assertThat(settings.forCounty("530602").countSpikeAlpha()).isEqualTo(4e-3 / 4);
        assertThat(settings.forCounty("530602").enabled(AlertRule.WASTEWATER_RISE))
                .isTrue();
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "532530"))
                .containsEntry("alert.count-spike.alarm-days", "0.2")
                .containsEntry("alert.count-spike.min.count", "5");
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "530602"))
                .containsEntry("alert.count-spike.alarm-days", "4");
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
        AlertSettings settings = AlertSettings.from(Map.of(
                "alert.large-seizure.HEROIN.warning.grams",
                "300",
                "alert.county.532530.large-seizure.HEROIN.critical.grams",
                "3000"));

        assertThat(settings.forCounty("530602").largeSeizureWarningGrams(DrugType.HEROIN))
                .isEqualTo(300);
        assertThat(settings.forCounty("530602").largeSeizureCriticalGrams(DrugType.HEROIN))
                .isEqualTo(10_000);
        assertThat(settings.forCounty("532530").largeSeizureCriticalGrams(DrugType.HEROIN))
                .isEqualTo(3_000);
    }

    @Test
    void anEmptyCountyCeilingRemovesTheCeiling() {
        AlertSettings settings = AlertSettings.from(Map.of(
                "alert.county.532530.wastewater-rise.METHAMPHETAMINE.ceiling",
                "",
                "alert.wastewater-rise.AMPHETAMINE.ceiling",
                "50",
                "alert.wastewater-rise.METHAMPHETAMINE.ceiling",
                "400"));

        assertThat(settings.forCounty("532530").wastewaterCeiling(Substance.METHAMPHETAMINE))
                .isNull();
        assertThat(settings.forCounty("532530").wastewaterCeiling(Substance.AMPHETAMINE))
                .isEqualTo(50);
        assertThat(settings.forCounty("530602").wastewaterCeiling(Substance.METHAMPHETAMINE))
                .isEqualTo(400);
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.false-alarm", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown alert setting 'alert.count-spike.false-alarm'"
                        + " (closest known: 'alert.count-spike.alarm-days')");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.wastewater.min.ratio", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'alert.county.532530.wastewater.min.ratio'")
                .hasMessageContaining("'alert.county.532530.wastewater-rise.min.ratio'");
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.alarm-days", "three")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alert.count-spike.alarm-days: expected a positive number, got 'three'");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.large-seizure.resolve.after", "24h")))
                .hasMessageStartingWith("alert.county.532530.large-seizure.resolve.after: expected an ISO-8601");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.metrics", "ARRESTS")))
                .hasMessageStartingWith("alert.count-spike.metrics: expected a comma-separated list");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.count-spike.hold.p-value", "1.2")))
                .hasMessageStartingWith("alert.count-spike.hold.p-value: expected a number in (0, 1]");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.campaign.uplift", "0.8")))
                .hasMessageStartingWith("alert.campaign.uplift: expected a number of at least 1");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.resolve.after", "0")))
                .hasMessageStartingWith("alert.resolve.after: expected an integer of at least 1");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.language", "fr")))
                .hasMessage("alert.language: expected en or zh, got 'fr'");
    }

    @Test
    void aBadValueOfEachKindNamesItsKeyGloballyAndPerCounty() {
        Map<String, String> bad = Map.of(
                "alert.count-spike.enabled", "yes",
                "alert.count-spike.min.count", "-1",
                "alert.count-spike.baseline.days", "12.5",
                "alert.large-seizure.HEROIN.warning.grams", "0",
                "alert.wastewater-rise.max.below-loq.share", "0",
                "alert.large-seizure.resolve.after", "PT0S",
                "alert.count-spike.metrics", "ARREST_EVENTS,ARRESTS");
        bad.forEach((key, value) -> {
            assertThatThrownBy(() -> AlertSettings.from(Map.of(key, value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(key + ": expected ")
                    .hasMessageEndingWith(", got '" + value + "'");
            String countyKey = "alert.county.532530." + key.substring("alert.".length());
            assertThatThrownBy(() -> AlertSettings.from(Map.of(countyKey, value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(countyKey + ": expected ");
        });
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.campaigns", "x:06-01/2025-06-30")))
                .hasMessageStartingWith("alert.campaigns: ");
    }

    @Test
    void theDefinitionChecksWhatFromChecks() {
        assertThatThrownBy(() -> AlertSettings.DEFINITION.parse(Map.of("alert.language", "fr")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("alert.language: expected en or zh, got 'fr'");
        assertThat(AlertSettings.DEFINITION.parse(Map.of()))
                .containsEntry("alert.count-spike.alarm-days", "4")
                .containsEntry("alert.large-seizure.PRECURSOR.warning.grams", "1000000");
        assertThat(AlertSettings.documented())
                .extracting(Setting::key)
                .containsSubsequence(AlertSettings.DEFINITION.names())
                .hasSize(AlertSettings.DEFINITION.names().size() + 1);
    }

    @Test
    void settingsAreParsedOnce() {
        AlertSettings settings = AlertSettings.from(Map.of("alert.county.532530.count-spike.min.count", "4"));

        assertThat(settings.forCounty("532530")).isSameAs(settings.forCounty("532530"));
        assertThat(settings.forCounty("530602")).isSameAs(settings.forCounty("110101"));
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "532530"))
                .isSameAs(settings.parameters(AlertRule.COUNT_SPIKE, "532530"));
    }

    @Test
    void aCriticalLevelBelowItsWarningLevelIsRejected() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.count-spike.critical.ratio", "1.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("for county 532530, alert.count-spike.critical.ratio (1.2) must not be below"
                        + " alert.count-spike.min.ratio (1.5)");
    }

    @Test
    void globalOnlySettingsCannotBeSetPerCounty() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("alert.county.532530.language", "zh")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert.language applies to all counties");
    }

    @Test
    void valuesAreReadLeniently() {
        AlertSettings settings = AlertSettings.from(Map.of(
                "alert.language",
                " ZH ",
                "alert.count-spike.metrics",
                "suspects, arrest_events",
                "alert.checkpoint-hit-rate.enabled",
                "FALSE"));

        assertThat(settings.language()).isEqualTo(Language.ZH);
        assertThat(settings.forCounty("1").countSpikeMetrics())
                .containsExactly(CountMetric.SUSPECTS, CountMetric.ARREST_EVENTS);
        assertThat(settings.forCounty("1").enabled(AlertRule.CHECKPOINT_HIT_RATE))
                .isFalse();
        assertThat(settings.parameters(AlertRule.COUNT_SPIKE, "1"))
                .containsEntry("alert.count-spike.metrics", "SUSPECTS,ARREST_EVENTS");
    }
}
