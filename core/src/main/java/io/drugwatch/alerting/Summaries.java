package io.drugwatch.alerting;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Severity;
import io.drugwatch.model.Substance;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One readable sentence per alert, in English or Chinese, written from the alert record alone. A RESOLVED
 * sentence only says what is over and quotes no values: a RESOLVED record may repeat the last judged values
 * (see {@link Alerts#clearFinding}), which would read as current. English keeps drug and substance codes as
 * they appear in the data; Chinese uses the names of the seeds' reports.
 */
public final class Summaries {

    private static final Map<DrugType, String> DRUGS_ZH = new EnumMap<>(Map.ofEntries(
            Map.entry(DrugType.HEROIN, "海洛因"),
            Map.entry(DrugType.METHAMPHETAMINE, "甲基苯丙胺"),
            Map.entry(DrugType.METH_TABLETS, "麻古"),
            Map.entry(DrugType.KETAMINE, "氯胺酮"),
            Map.entry(DrugType.CANNABIS, "大麻"),
            Map.entry(DrugType.COCAINE, "可卡因"),
            Map.entry(DrugType.MDMA, "摇头丸(MDMA)"),
            Map.entry(DrugType.OPIUM, "鸦片"),
            Map.entry(DrugType.NPS, "新精神活性物质"),
            Map.entry(DrugType.PRECURSOR, "易制毒化学品"),
            Map.entry(DrugType.OTHER, "其他毒品")));

    private static final Map<Substance, String> SUBSTANCES_ZH = new EnumMap<>(Map.of(
            Substance.METHAMPHETAMINE, "甲基苯丙胺",
            Substance.AMPHETAMINE, "苯丙胺",
            Substance.MDMA, "摇头丸(MDMA)",
            Substance.BENZOYLECGONINE, "苯甲酰爱康宁(可卡因代谢物)",
            Substance.MORPHINE, "吗啡",
            Substance.KETAMINE, "氯胺酮",
            Substance.THC_COOH, "THC-COOH(大麻代谢物)"));

    private static final Map<CountMetric, String> METRICS_EN = new EnumMap<>(Map.of(
            CountMetric.ARREST_EVENTS, "arrest events",
            CountMetric.SUSPECTS, "suspects arrested",
            CountMetric.SEIZURE_EVENTS, "seizure events",
            CountMetric.INSPECTION_HITS, "checkpoint hits"));

    private static final Map<CountMetric, String> METRICS_ZH = new EnumMap<>(Map.of(
            CountMetric.ARREST_EVENTS, "抓获起数",
            CountMetric.SUSPECTS, "抓获嫌疑人数",
            CountMetric.SEIZURE_EVENTS, "缴获起数",
            CountMetric.INSPECTION_HITS, "检查站查获数"));

    private static final Map<Severity, String> SEVERITY_ZH = new EnumMap<>(Map.of(
            Severity.INFO, "提示",
            Severity.WARNING, "预警",
            Severity.CRITICAL, "严重"));

    private Summaries() {}

    /**
     * @param alert every field but the summary is read
     * @param zone the zone of the daily windows, which dates the sentence
     */
    public static String summary(Alert alert, Language language, ZoneId zone) {
        Text t = new Text(alert, language, zone);
        return t.prefix()
                + switch (alert.getRule()) {
                    case LARGE_SEIZURE -> t.largeSeizure();
                    case COUNT_SPIKE -> t.countSpike();
                    case WASTEWATER_RISE -> t.wastewaterRise();
                    case CHECKPOINT_HIT_RATE -> t.checkpointHitRate();
                    case CONSUMPTION_WITHOUT_ENFORCEMENT -> t.consumption();
                };
    }

    /** One alert's sentence parts; {@link DecimalFormat} is not thread-safe, so each summary gets its own. */
    private static final class Text {
        private final Alert a;
        private final boolean zh;
        private final boolean resolved;
        private final DecimalFormat number;
        private final LocalDate lastDay;
        private final long days;

        Text(Alert alert, Language language, ZoneId zone) {
            this.a = alert;
            this.zh = language == Language.ZH;
            this.resolved = alert.getStatus() == AlertStatus.RESOLVED;
            // Chinese reports write plain numbers (12500 克); English groups thousands (12,500 g).
            this.number = new DecimalFormat(zh ? "0.##" : "#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
            this.number.setRoundingMode(RoundingMode.HALF_UP);
            this.lastDay = LocalDate.ofInstant(alert.getWindowEnd().minusMillis(1), zone);
            this.days = ChronoUnit.DAYS.between(LocalDate.ofInstant(alert.getWindowStart(), zone), lastDay) + 1;
        }

        String prefix() {
            Severity s = a.getSeverity();
            return switch (a.getStatus()) {
                case OPEN -> zh ? SEVERITY_ZH.get(s) + "：" : s + ": ";
                case ESCALATED -> zh ? "升级为" + SEVERITY_ZH.get(s) + "：" : "Escalated to " + s + ": ";
                case RESOLVED -> zh ? "解除：" : "Resolved: ";
            };
        }

        String largeSeizure() {
            DrugType drug = DrugType.valueOf(a.getProvenance().getOrDefault(Finding.DRUG_TYPE, DrugType.OTHER.name()));
            String grams = n(a.getObserved());
            if (zh) {
                String what = county() + " " + lastDay + " 缴获" + DRUGS_ZH.get(drug) + " " + grams + " 克";
                return resolved ? what + "的告警已结束。" : what + "（阈值 " + n(a.getThreshold()) + " 克）。";
            }
            return resolved
                    ? "the alert on the " + grams + " g " + drug + " seizure in " + county() + " on " + lastDay
                            + " is over."
                    : grams + " g of " + drug + " seized in " + county() + " on " + lastDay + " (threshold "
                            + n(a.getThreshold()) + " g).";
        }

        String countSpike() {
            CountMetric metric = CountMetric.valueOf(a.getSubject());
            String m = zh ? METRICS_ZH.get(metric) : METRICS_EN.get(metric);
            if (resolved) {
                return zh ? county() + " " + m + "异常升高已结束。" : "the rise in " + m + " in " + county() + " is over.";
            }
            String y = n(a.getObserved());
            String expected = n(orZero(a.getExpected()));
            return zh
                    ? county() + " " + window() + m + " " + y + "，按本县基线预期 " + expected + "（" + n(orZero(a.getScore()))
                            + " 倍，告警阈值 " + n(a.getThreshold()) + "）" + campaign() + surprise() + "。"
                    : y + " " + m + " in " + county() + " " + window() + " against " + expected
                            + " expected from its own baseline (" + n(orZero(a.getScore())) + "×, alarm threshold "
                            + n(a.getThreshold()) + ")" + campaign() + surprise() + ".";
        }

        String wastewaterRise() {
            Substance substance = Substance.valueOf(a.getSubject());
            String name = zh ? SUBSTANCES_ZH.get(substance) : substance.name();
            if (resolved) {
                return zh
                        ? county() + " 污水" + name + "负荷上升已结束。"
                        : "the rise of " + name + " in the wastewater of " + county() + " is over.";
            }
            String load = n(a.getObserved());
            String ratio = n(orZero(a.getScore()));
            String history = n(orZero(a.getExpected()));
            boolean byCeiling = AlertRules.CEILING_METHOD.equals(a.getMethod());
            if (zh) {
                String limit = byCeiling ? "，达到上限 " + n(a.getThreshold()) + " 毫克/天/千人" : "";
                return county() + " " + window() + "污水" + name + "负荷 " + load + " 毫克/天/千人，为该处理厂以往水平 " + history + " 的 "
                        + ratio + " 倍" + limit + surprise() + "。";
            }
            String limit = byCeiling ? ", at or above the ceiling of " + n(a.getThreshold()) : "";
            return name + " in the wastewater of " + county() + " reached " + load + " mg/day/1000 inhabitants "
                    + window() + ", " + ratio + "× the plants' own history of " + history + limit + surprise() + ".";
        }

        String checkpointHitRate() {
            if (resolved) {
                return zh ? county() + " 检查站查获率升高已结束。" : "the raised checkpoint hit rate in " + county() + " is over.";
            }
            String rate = n(a.getObserved());
            String before = n(orZero(a.getExpected()));
            return zh
                    ? county() + " " + window() + "检查站每千车查获 " + rate + " 起，按基线查获率预期 " + before + "（"
                            + n(orZero(a.getScore())) + " 倍，告警阈值 " + n(a.getThreshold()) + "）" + surprise() + "。"
                    : "checkpoints in " + county() + " found " + rate + " hits per 1,000 vehicles " + window()
                            + " against " + before + " expected from the baseline hit rate (" + n(orZero(a.getScore()))
                            + "×, alarm threshold " + n(a.getThreshold()) + ")" + surprise() + ".";
        }

        String consumption() {
            if (resolved) {
                return zh
                        ? county() + " 污水显示消费上升而查处未跟进的情况已结束。"
                        : "the gap between wastewater and drug-use enforcement in " + county() + " is over.";
            }
            String count = n(a.getObserved());
            String base = n(orZero(a.getExpected()));
            String rising = a.getProvenance().getOrDefault(Finding.RISING_SUBSTANCES, "");
            if (zh) {
                String subs = rising.isEmpty()
                        ? "毒品"
                        : Arrays.stream(rising.split(","))
                                .map(s -> SUBSTANCES_ZH.get(Substance.valueOf(s)))
                                .collect(Collectors.joining("、"));
                return county() + " " + window() + "污水监测显示" + subs + "消费上升，但吸毒、持有嫌疑人及复吸人数为 " + count + "，未明显高于预期 "
                        + base + "（上限 " + n(a.getThreshold()) + "）" + campaign() + surprise() + "。";
            }
            String subs = rising.isEmpty() ? "drug" : String.join(" and ", rising.split(","));
            return "wastewater shows rising " + subs + " use in " + county() + " " + window()
                    + ", but use/possession suspects and relapses stayed at " + count + " against " + base
                    + " expected (limit " + n(a.getThreshold()) + ")" + campaign() + surprise() + ".";
        }

        /** The campaign the window overlaps: its arrests were judged against the campaign's usual rise. */
        private String campaign() {
            String name = a.getCampaign();
            if (name == null) {
                return "";
            }
            return zh
                    ? "，正值" + name + "专项行动期间，已按行动期间的正常增幅计算"
                    : ", during the " + name + " campaign, allowing for its usual rise";
        }

        /** How surprising the finding is: its p-value and SaTScan's recurrence interval. */
        private String surprise() {
            Double p = a.getPValue();
            if (p == null) {
                return "";
            }
            // 2.0e-6 rather than Java's 2.0e-06, as the dashboard writes it
            String pText = p < 1e-4
                    ? String.format(Locale.ROOT, "%.1e", p).replaceAll("e-0*", "e-")
                    : String.format(Locale.ROOT, "%.4f", p);
            Double days = a.getRecurrenceDays();
            if (days == null || days >= 1e7) {
                return zh
                        ? "；p = " + pText + "，在平稳情况下几乎不会偶然出现"
                        : "; p = " + pText + ", practically never by chance in a steady county";
            }
            boolean years = days >= 730;
            String every = number.format(Math.round(years ? days / 365.25 : days));
            return zh
                    ? "；p = " + pText + "，平稳情况下约 " + every + (years ? " 年" : " 天") + "一遇"
                    : "; p = " + pText + ", by chance about once in " + every + (years ? " years" : " days")
                            + " in a steady county";
        }

        private String county() {
            String name = a.getCountyName();
            if (name == null || name.isBlank()) {
                return a.getCountyCode();
            }
            return zh ? name + "(" + a.getCountyCode() + ")" : name + " (" + a.getCountyCode() + ")";
        }

        private String window() {
            if (days == 1) {
                return zh ? lastDay.toString() : "on " + lastDay;
            }
            return zh ? "截至" + lastDay + "的" + days + "天" : "in the " + days + " days to " + lastDay;
        }

        private String n(double value) {
            return number.format(value);
        }

        private static double orZero(Double value) {
            return value == null ? 0 : value;
        }
    }
}
