package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report sentence of a scorecard, in the form of the seeds' county reports: "2022年1-10月，鲁甸县破获毒品
 * 刑事案件15起，抓获犯罪嫌疑人26人，缴获毒品1443.24克；强制隔离戒毒14人，社区戒毒22人，社区康复111人。"
 *
 * <p>Cases, suspects and drugs seized are always stated, zero included: an assessment reports no result
 * (零战果) as plainly as a result. Precursors, cash, users found and each kind of treatment order are
 * stated only when not zero, and the treatment clause only when there was an order.
 */
public final class Reports {

    private static final String[] QUARTERS_ZH = {"一", "二", "三", "四"};
    private static final String[] ORDINALS_EN = {"first", "second", "third", "fourth"};
    private static final long TEN_KG_MG = 10_000_000L;
    private static final long ONE_T_MG = 1_000_000_000L;

    private Reports() {}

    public static String sentence(Scorecard s, Language language) {
        return language == Language.ZH ? zh(s) : en(s);
    }

    /** How a report names a period: "2022年1-10月" / "From January to October 2022". */
    public static String period(Period p, Language language) {
        int y = p.start().getYear();
        boolean zh = language == Language.ZH;
        int endMonth = p.end().getMonthValue();
        return switch (p.kind()) {
            case MONTH -> zh ? y + "年" + endMonth + "月" : "In " + month(endMonth) + " " + y;
            case QUARTER -> {
                int q = (endMonth - 1) / 3;
                yield zh ? y + "年第" + QUARTERS_ZH[q] + "季度" : "In the " + ORDINALS_EN[q] + " quarter of " + y;
            }
            case HALF_YEAR -> {
                boolean first = endMonth == 6;
                yield zh
                        ? y + "年" + (first ? "上" : "下") + "半年"
                        : "In the " + ORDINALS_EN[first ? 0 : 1] + " half of " + y;
            }
            case YEAR -> zh ? y + "年" : "In " + y;
            case YEAR_TO_DATE -> {
                if (p.endsWithMonth()) {
                    if (endMonth == 1) {
                        yield zh ? y + "年1月" : "In January " + y;
                    }
                    yield zh ? y + "年1-" + endMonth + "月" : "From January to " + month(endMonth) + " " + y;
                }
                yield zh
                        ? y + "年1月1日至" + endMonth + "月" + p.end().getDayOfMonth() + "日"
                        : "From 1 January to " + p.end().getDayOfMonth() + " " + month(endMonth) + " " + y;
            }
        };
    }

    private static String zh(Scorecard s) {
        Enforcement e = s.enforcement();
        List<String> enforcement = new ArrayList<>(List.of(
                "破获毒品刑事案件" + e.cases() + "起",
                "抓获犯罪嫌疑人" + e.criminalSuspects() + "人",
                "缴获毒品" + weightZh(e.drugMilligrams())));
        if (e.precursorMilligrams() > 0) {
            enforcement.add("缴获易制毒化学品" + weightZh(e.precursorMilligrams()));
        }
        if (e.cashFen() > 0) {
            enforcement.add("缴获毒资" + cashZh(e.cashFen()));
        }
        if (e.usersFound() > 0) {
            enforcement.add("查获吸毒人员" + e.usersFound() + "人次");
        }
        List<String> treatment = new ArrayList<>();
        for (TreatmentKind k : TreatmentKind.values()) {
            if (s.treatment().orders(k) > 0) {
                treatment.add(k.label(Language.ZH) + s.treatment().orders(k) + "人");
            }
        }
        return period(s.period(), Language.ZH) + "，" + s.area().name(Language.ZH) + String.join("，", enforcement)
                + (treatment.isEmpty() ? "" : "；" + String.join("，", treatment)) + "。";
    }

    private static String en(Scorecard s) {
        Enforcement e = s.enforcement();
        List<String> enforcement = new ArrayList<>(List.of(
                "solved " + count(e.cases(), "drug criminal case", "drug criminal cases"),
                "arrested " + count(e.criminalSuspects(), "criminal suspect", "criminal suspects"),
                "seized " + weightEn(e.drugMilligrams()) + " of drugs"));
        if (e.precursorMilligrams() > 0) {
            enforcement.add("seized " + weightEn(e.precursorMilligrams()) + " of precursor chemicals");
        }
        if (e.cashFen() > 0) {
            enforcement.add("seized CNY " + decimal(BigDecimal.valueOf(e.cashFen(), 2)) + " of drug money");
        }
        if (e.usersFound() > 0) {
            enforcement.add("found " + count(e.usersFound(), "drug user", "drug users") + " (person-times)");
        }
        List<String> treatment = new ArrayList<>();
        for (TreatmentKind k : TreatmentKind.values()) {
            long n = s.treatment().orders(k);
            if (n > 0) {
                String to = " to " + k.label(Language.EN);
                treatment.add(
                        treatment.isEmpty()
                                ? count(n, "person was", "persons were") + " ordered" + to
                                : String.format(Locale.ROOT, "%,d", n) + to);
            }
        }
        return period(s.period(), Language.EN) + ", " + s.area().name(Language.EN) + " " + and(enforcement)
                + (treatment.isEmpty() ? "" : "; " + and(treatment)) + ".";
    }

    private static String weightZh(long mg) {
        if (mg >= ONE_T_MG) {
            return plain(BigDecimal.valueOf(mg, 9)) + "吨";
        }
        return mg >= TEN_KG_MG ? plain(BigDecimal.valueOf(mg, 6)) + "千克" : plain(BigDecimal.valueOf(mg, 3)) + "克";
    }

    private static String weightEn(long mg) {
        if (mg >= ONE_T_MG) {
            return decimal(BigDecimal.valueOf(mg, 9)) + " t";
        }
        return mg >= TEN_KG_MG ? decimal(BigDecimal.valueOf(mg, 6)) + " kg" : decimal(BigDecimal.valueOf(mg, 3)) + " g";
    }

    private static String cashZh(long fen) {
        return fen >= 1_000_000 ? plain(BigDecimal.valueOf(fen, 6)) + "万元" : plain(BigDecimal.valueOf(fen, 2)) + "元";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** Thousands grouped, the decimals the value has and no more. */
    private static String decimal(BigDecimal value) {
        DecimalFormat f = new DecimalFormat("#,##0.#########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(value);
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    private static String and(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String month(int month) {
        return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
