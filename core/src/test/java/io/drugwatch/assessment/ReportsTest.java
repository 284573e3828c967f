package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.Language;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {

    static final Period JAN_TO_OCT_2022 = Period.yearToDate(LocalDate.of(2022, 10, 31));

    static Scorecard ludian() {
        Enforcement e = new Enforcement(
                Map.of(CaseClass.HUNDRED_G, 4L, CaseClass.SMALL, 11L),
                26,
                0,
                Map.of(DrugType.HEROIN, 1_243_240L, DrugType.METHAMPHETAMINE, 200_000L),
                0,
                0,
                0,
                0,
                0);
        Treatment t = new Treatment(
                Map.of(
                        TreatmentKind.COMPULSORY_ISOLATION, 14L,
                        TreatmentKind.COMMUNITY_DETOX, 22L,
                        TreatmentKind.COMMUNITY_REHABILITATION, 111L),
                Map.of(),
                0,
                0);
        return Scorecard.county(ScorecardTest.LUDIAN, JAN_TO_OCT_2022, null, e, t);
    }

    @Test
    void ludianInChineseAsPublished() {
        // seed 001
        assertThat(Reports.sentence(ludian(), Language.ZH))
                .isEqualTo("2022年1-10月，鲁甸县破获毒品刑事案件15起，抓获犯罪嫌疑人26人，缴获毒品1443.24克；" + "强制隔离戒毒14人，社区戒毒22人，社区康复111人。");
    }

    @Test
    void ludianFromItsEvents() {
        LocalDate march = LocalDate.of(2022, 3, 1);
        Cases c = new Cases();
        for (int i = 0; i < 15; i++) {
            // 15 cases, 26 suspects, 1,443.24 g: 14 × 96.16 g and one of 97 g
            c.trafficking("K" + i, march.plusDays(i), i < 11 ? 2 : 1, DrugType.HEROIN, i == 0 ? 97 : 96.16);
        }
        // administrative matters: seven of the 17 cultivation cases, and users
        for (int i = 0; i < 7; i++) {
            c.add(c.arrest("G" + i, march, Offense.CULTIVATION, 1));
        }
        TreatmentTest.Ledger l = new TreatmentTest.Ledger()
                .orders(TreatmentKind.COMPULSORY_ISOLATION, 14, 14, march)
                .orders(TreatmentKind.COMMUNITY_DETOX, 22, 20, march)
                .orders(TreatmentKind.COMMUNITY_REHABILITATION, 111, 100, march);

        Scorecard s = Scorecard.county(
                ScorecardTest.LUDIAN,
                JAN_TO_OCT_2022,
                null,
                Enforcement.of(JAN_TO_OCT_2022, c.files(), List.of(), ProceedingRules.DEFAULTS),
                l.treatment(JAN_TO_OCT_2022));

        assertThat(Reports.sentence(s, Language.ZH)).isEqualTo(Reports.sentence(ludian(), Language.ZH));
    }

    @Test
    void ludianInEnglish() {
        assertThat(Reports.sentence(ludian(), Language.EN))
                .isEqualTo("From January to October 2022, Ludian County solved 15 drug criminal cases, arrested 26"
                        + " criminal suspects and seized 1,443.24 g of drugs; 14 persons were ordered to compulsory"
                        + " isolated detoxification, 22 to community detoxification and 111 to community"
                        + " rehabilitation.");
    }

    @Test
    void zhaotongWithPrecursorsCashAndUsersFound() {
        // seed 001: 114 cases, 174 suspects, 65.87422 kg, 1,001,400 CNY; 307.05 t of precursors; 12 users
        Enforcement e = new Enforcement(
                Map.of(CaseClass.SMALL, 114L),
                174,
                0,
                Map.of(DrugType.METH_TABLETS, 65_874_220L),
                307_050_000_000L,
                100_140_000L,
                0,
                0,
                12);
        Scorecard s = Scorecard.county(
                new Area("530600", AreaLevel.COUNTY, "昭通市", "Zhaotong", null, null),
                Period.year(2022),
                null,
                e,
                Treatment.NONE);

        assertThat(Reports.sentence(s, Language.ZH))
                .isEqualTo("2022年，昭通市破获毒品刑事案件114起，抓获犯罪嫌疑人174人，缴获毒品65.87422千克，"
                        + "缴获易制毒化学品307.05吨，缴获毒资100.14万元，查获吸毒人员12人次。");
        assertThat(Reports.sentence(s, Language.EN))
                .isEqualTo("In 2022, Zhaotong solved 114 drug criminal cases, arrested 174 criminal suspects, seized"
                        + " 65.87422 kg of drugs, seized 307.05 t of precursor chemicals, seized CNY 1,001,400 of"
                        + " drug money and found 12 drug users (person-times).");
    }

    @Test
    void zeroResultsAreStatedAndAbsentTreatmentIsLeftOut() {
        Scorecard none = Scorecard.county(
                ScorecardTest.LUDIAN, Period.month(YearMonth.of(2022, 3)), null, Enforcement.NONE, Treatment.NONE);

        assertThat(Reports.sentence(none, Language.ZH)).isEqualTo("2022年3月，鲁甸县破获毒品刑事案件0起，抓获犯罪嫌疑人0人，缴获毒品0克。");
        assertThat(Reports.sentence(none, Language.EN))
                .isEqualTo("In March 2022, Ludian County solved 0 drug criminal cases, arrested 0 criminal suspects"
                        + " and seized 0 g of drugs.");
    }

    @Test
    void oneIsSingularInEnglish() {
        Scorecard one = Scorecard.county(
                ScorecardTest.LUDIAN,
                Period.year(2022),
                null,
                new Enforcement(Map.of(CaseClass.SMALL, 1L), 1, 0, Map.of(DrugType.HEROIN, 5_000L), 0, 0, 1, 0, 0),
                new Treatment(Map.of(TreatmentKind.VOLUNTARY, 1L), Map.of(), 0, 0));

        assertThat(Reports.sentence(one, Language.EN))
                .isEqualTo("In 2022, Ludian County solved 1 drug criminal case, arrested 1 criminal suspect, seized"
                        + " 5 g of drugs and found 1 drug user (person-times); 1 person was ordered to voluntary"
                        + " detoxification.");
    }

    @Test
    void eachKindOfPeriodIsNamed() {
        assertThat(Reports.period(Period.month(YearMonth.of(2022, 10)), Language.ZH))
                .isEqualTo("2022年10月");
        assertThat(Reports.period(Period.quarter(2022, 3), Language.ZH)).isEqualTo("2022年第三季度");
        assertThat(Reports.period(Period.halfYear(2022, 1), Language.ZH)).isEqualTo("2022年上半年");
        assertThat(Reports.period(Period.halfYear(2022, 2), Language.ZH)).isEqualTo("2022年下半年");
        assertThat(Reports.period(Period.year(2022), Language.ZH)).isEqualTo("2022年");
        assertThat(Reports.period(JAN_TO_OCT_2022, Language.ZH)).isEqualTo("2022年1-10月");
        assertThat(Reports.period(Period.yearToDate(LocalDate.of(2022, 1, 31)), Language.ZH))
                .isEqualTo("2022年1月");
        assertThat(Reports.period(Period.yearToDate(LocalDate.of(2020, 6, 12)), Language.ZH))
                .isEqualTo("2020年1月1日至6月12日");

        assertThat(Reports.period(Period.month(YearMonth.of(2022, 10)), Language.EN))
                .isEqualTo("In October 2022");
        assertThat(Reports.period(Period.quarter(2022, 3), Language.EN)).isEqualTo("In the third quarter of 2022");
        assertThat(Reports.period(Period.halfYear(2022, 1), Language.EN)).isEqualTo("In the first half of 2022");
        assertThat(Reports.period(Period.year(2022), Language.EN)).isEqualTo("In 2022");
        assertThat(Reports.period(JAN_TO_OCT_2022, Language.EN)).isEqualTo("From January to October 2022");
        assertThat(Reports.period(Period.yearToDate(LocalDate.of(2020, 6, 12)), Language.EN))
                .isEqualTo("From 1 January to 12 June 2020");
    }
}
