package io.drugwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventRules;
import io.drugwatch.model.County;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountyReferenceTest {

    private static List<County> bundled;
    private static Map<String, County> byCode;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadBundled() {
        bundled = CountyReference.bundled();
        byCode = bundled.stream().collect(Collectors.toMap(County::getCode, Function.identity()));
    }

    @Test
    void everyBundledCountyPassesTheRulesOfTheCountiesTopic() {
        DrugwatchConfig config = DrugwatchConfig.defaults();
        EventRules rules = new EventRules(
                config.countyCodePattern(), config.earliestDate(), config.timeZone(), config.maxFuture());
        assertThat(bundled)
                .allSatisfy(c -> assertThat(rules.checkCounty(c, c.getCode()))
                        .as(c.getCode())
                        .isEmpty());
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    // ---------------------------------------------------------------- bundled data

    @Test
    void bundledSetCoversAllCountyLevelDivisionsWithUniqueSixDigitCodes() {
        assertThat(bundled).hasSizeGreaterThanOrEqualTo(2800);
        assertThat(byCode).hasSameSizeAs(bundled);
        assertThat(bundled).allSatisfy(c -> {
            assertThat(c.getCode()).matches("\\d{6}");
            assertThat(c.getPrefectureCode()).matches("\\d{4}00");
            assertThat(c.getProvinceCode()).matches("\\d{2}0000");
            assertThat(c.getCode()).startsWith(c.getProvinceCode().substring(0, 2));
            assertThat(c.getName()).isNotBlank();
            assertThat(c.getPrefectureName()).isNotBlank();
            assertThat(c.getProvinceName()).isNotBlank();
        });
        assertThat(bundled.stream().map(County::getProvinceCode).distinct()).hasSize(31);
    }

    @Test
    void jinpingIsABorderCountyOfHongheInYunnanWithItsCensusPopulation() {
        County jinping = byCode.get("532530");
        assertThat(jinping.getName()).isEqualTo("金平苗族瑶族傣族自治县");
        assertThat(jinping.getPrefectureCode()).isEqualTo("532500");
        assertThat(jinping.getPrefectureName()).isEqualTo("红河哈尼族彝族自治州");
        assertThat(jinping.getProvinceCode()).isEqualTo("530000");
        assertThat(jinping.getProvinceName()).isEqualTo("云南省");
        assertThat(jinping.getBorder()).isTrue();
        assertThat(jinping.getPopulation()).isEqualTo(331_377L);
    }

    @Test
    void ludianIsInZhaotongWithItsCensusPopulation() {
        County ludian = byCode.get("530621");
        assertThat(ludian.getName()).isEqualTo("鲁甸县");
        assertThat(ludian.getPrefectureCode()).isEqualTo("530600");
        assertThat(ludian.getPrefectureName()).isEqualTo("昭通市");
        assertThat(ludian.getPopulation()).isEqualTo(398_447L);
        assertThat(ludian.getBorder()).isFalse();
    }

    @Test
    void otherSeedCountiesCarryTheirCensusPopulations() {
        assertThat(byCode.get("530602").getPopulation()).isEqualTo(911_766L); // 昭阳区
        assertThat(byCode.get("532531").getPopulation()).isEqualTo(210_166L); // 绿春县
        assertThat(byCode.get("532532").getPopulation()).isEqualTo(101_971L); // 河口瑶族自治县
        assertThat(byCode.get("640302").getPopulation()).isEqualTo(460_790L); // 利通区
        assertThat(byCode.get("421202").getPopulation()).isEqualTo(657_590L); // 咸安区
        assertThat(byCode.get("420103").getPopulation()).isEqualTo(647_932L); // 江汉区
    }

    @Test
    void populationsOfAWholePrefectureAddUpToItsBulletinTotal() {
        long honghe = bundled.stream()
                .filter(c -> c.getPrefectureCode().equals("532500"))
                .mapToLong(County::getPopulation)
                .sum();
        assertThat(honghe).isEqualTo(4_478_422L); // 红河州第七次全国人口普查主要数据公报
    }

    // ---------------------------------------------------------------- census populations

    /** A build file beside counties.csv, one map per row keyed by the header; the files use no quoting. */
    private static List<Map<String, String>> buildFile(String name) throws IOException {
        try (InputStream in = CountyReference.class.getResourceAsStream("/reference/build/" + name)) {
            Objects.requireNonNull(in, name);
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList();
            String[] header = lines.get(0).split(",", -1);
            return lines.stream()
                    .skip(1)
                    .map(line -> {
                        String[] fields = line.split(",", -1);
                        assertThat(fields).as(name + ": " + line).hasSameSizeAs(header);
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < header.length; i++) {
                            row.put(header[i], fields[i]);
                        }
                        return row;
                    })
                    .toList();
        }
    }

    @Test
    void everyProvinceOfTheCensusTabulationAddsUpToItsBulletinTotal() throws IOException {
        Map<String, Long> sums = new HashMap<>();
        for (Map<String, String> unit : buildFile("census-2020.csv")) {
            if (!unit.get("population").isEmpty()) {
                sums.merge(
                        unit.get("code").substring(0, 2) + "0000", Long.parseLong(unit.get("population")), Long::sum);
            }
        }
        Map<String, Long> bulletin = buildFile("province-totals-2020.csv").stream()
                .collect(Collectors.toMap(r -> r.get("code"), r -> Long.parseLong(r.get("population"))));
        assertThat(bulletin).hasSize(31).containsEntry("440000", 126_012_510L).containsEntry("540000", 3_648_100L);
        assertThat(sums).isEqualTo(bulletin);
        // the 31 provinces; the bulletin's national 1,411,778,724 adds 2,000,000 active servicemen
        assertThat(sums.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_409_778_724L);
    }

    @Test
    void everyPopulationIsTheSumOfTheTabulationUnitsItNamesAndUsesEachAtMostOnce() throws IOException {
        Map<String, Long> census = buildFile("census-2020.csv").stream()
                .filter(r -> !r.get("population").isEmpty())
                .collect(Collectors.toMap(r -> r.get("code"), r -> Long.parseLong(r.get("population"))));
        List<Map<String, String>> populations = buildFile("populations-2020.csv");
        List<String> parts = populations.stream()
                .flatMap(r -> Arrays.stream(r.get("census").split("\\+")))
                .toList();
        assertThat(parts).doesNotHaveDuplicates();
        for (Map<String, String> row : populations) {
            long sum = Arrays.stream(row.get("census").split("\\+"))
                    .mapToLong(census::get)
                    .sum();
            assertThat(sum).as(row.toString()).isEqualTo(Long.parseLong(row.get("population")));
            County county = byCode.get(row.get("code"));
            assertThat(county.getName()).isEqualTo(row.get("name"));
            assertThat(county.getPopulation()).as(row.get("code")).isEqualTo(sum);
        }
    }

    @Test
    void everyUnitHasAPopulationOrADocumentedReasonForLackingOne() throws IOException {
        Map<String, String> missing = buildFile("populations-2020-missing.csv").stream()
                .collect(Collectors.toMap(r -> r.get("code"), r -> r.get("reason")));
        assertThat(bundled.stream().filter(c -> c.getPopulation() == null).map(County::getCode))
                .containsExactlyInAnyOrderElementsOf(missing.keySet());
        assertThat(missing.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(bundled.stream().filter(c -> c.getPopulation() != null)).hasSize(2785);
        assertThat(missing).hasSize(63).containsKeys("350527", "330102", "520201", "659011");
        assertThat(bundled.stream()
                        .filter(c -> c.getPopulation() != null)
                        .mapToLong(County::getPopulation)
                        .sum())
                .isEqualTo(1_350_833_179L);
    }

    @Test
    void theAdjustedUnitsCarryTheFiguresOfTheirCensusUnits() {
        assertThat(byCode.get("150703").getPopulation()).isEqualTo(84_424L); // 扎赉诺尔区, misread as 184,424
        assertThat(byCode.get("350404").getPopulation()).isEqualTo(220_115L + 187_936L); // 梅列区 + 三元区
        assertThat(byCode.get("320613").getPopulation()).isEqualTo(780_564L + 403_176L); // 崇川区 + 港闸区
        assertThat(byCode.get("350405").getPopulation()).isEqualTo(250_503L); // 沙县, now 沙县区
        assertThat(byCode.get("441900").getPopulation()).isEqualTo(10_466_625L); // 东莞市
        assertThat(byCode.get("460301").getPopulation()).isEqualTo(1_549L + 145L); // 西沙区: 西沙 + 中沙
        assertThat(byCode.get("653022").getPopulation()).isEqualTo(226_005L); // 阿克陶县
        assertThat(byCode.get("420111").getPopulation()).isEqualTo(2_554_403L); // 洪山区, administrative
    }

    @Test
    void hekouAndLvchunAreBorderCountiesAndJianghanIsNot() {
        assertThat(byCode.get("532532").getName()).isEqualTo("河口瑶族自治县");
        assertThat(byCode.get("532532").getBorder()).isTrue();
        assertThat(byCode.get("532531").getName()).isEqualTo("绿春县");
        assertThat(byCode.get("532531").getBorder()).isTrue();
        County jianghan = byCode.get("420103");
        assertThat(jianghan.getName()).isEqualTo("江汉区");
        assertThat(jianghan.getPrefectureName()).isEqualTo("武汉市");
        assertThat(jianghan.getBorder()).isFalse();
    }

    @Test
    void allTwentyFiveYunnanAndEightGuangxiBorderCountiesAreFlagged() {
        assertThat(bundled.stream()
                        .filter(c -> c.getBorder() && c.getProvinceCode().equals("530000")))
                .hasSize(25)
                .extracting(County::getCode)
                .contains(
                        "532624", "532625", "532628", "530826", "532823", "532801", "532822", "530828", "530827",
                        "530829", "530927", "530926", "530924", "530523", "530581", "533123", "533124", "533102",
                        "533103", "533301", "533323", "533324");
        assertThat(bundled.stream()
                        .filter(c -> c.getBorder() && c.getProvinceCode().equals("450000")))
                .extracting(County::getCode)
                .containsExactlyInAnyOrder(
                        "450603", "450681", "451026", "451081", "451422", "451423", "451424", "451481");
        assertThat(bundled.stream()
                        .filter(County::getBorder)
                        .map(County::getProvinceCode)
                        .distinct())
                .containsExactlyInAnyOrder(
                        "530000", "450000", "540000", "650000", "150000", "620000", "230000", "220000", "210000");
    }

    @Test
    void specialUnitsHaveTheDocumentedPrefectures() {
        County jiyuan = byCode.get("419001");
        assertThat(jiyuan.getName()).isEqualTo("济源市");
        assertThat(jiyuan.getPrefectureCode()).isEqualTo("419000");
        County xiantao = byCode.get("429004");
        assertThat(xiantao.getPrefectureCode()).isEqualTo("429000");
        assertThat(xiantao.getProvinceName()).isEqualTo("湖北省");
        County dongcheng = byCode.get("110101");
        assertThat(dongcheng.getPrefectureCode()).isEqualTo("110000");
        assertThat(dongcheng.getPrefectureName()).isEqualTo("北京市");
        assertThat(byCode.get("500229").getPrefectureCode()).isEqualTo("500000"); // 城口县, 重庆
        County dongguan = byCode.get("441900");
        assertThat(dongguan.getName()).isEqualTo("东莞市");
        assertThat(dongguan.getPrefectureCode()).isEqualTo("441900");
        assertThat(byCode).containsKeys("442000", "460400", "620200", "460301", "460302");
        // statistical-only codes are not GB/T 2260 divisions
        assertThat(byCode).doesNotContainKeys("130171", "632857", "232761", "460321", "620201");
    }

    @Test
    void eachCallReturnsFreshRecords() {
        List<County> again = CountyReference.bundled();
        assertThat(again).isEqualTo(bundled);
        assertThat(again.get(0)).isNotSameAs(bundled.get(0));
        assertThatThrownBy(() -> again.add(again.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- user files

    @Test
    void loadsJsonl() throws IOException {
        Path f = file("counties.jsonl", """
                {"code":"532530","name":"金平苗族瑶族傣族自治县","prefectureCode":"532500","prefectureName":"红河哈尼族彝族自治州","provinceCode":"530000","provinceName":"云南省","population":331377,"border":true}

                {"code":"X-1","name":" Test county ","prefectureCode":"X","prefectureName":"Test prefecture","provinceCode":"P","provinceName":"Test province","population":null}
                {"code":"X-2","name":"Other","prefectureCode":"X","prefectureName":"Test prefecture","provinceCode":"P","provinceName":"Test province","border":false}
                """);
        List<County> counties = CountyReference.load(f);
        assertThat(counties).extracting(County::getCode).containsExactly("532530", "X-1", "X-2");
        assertThat(counties.get(0)).isEqualTo(byCode.get("532530"));
        assertThat(counties.get(1).getName()).isEqualTo("Test county");
        assertThat(counties.get(1).getPopulation()).isNull();
        assertThat(counties.get(1).getBorder()).isFalse();
    }

    @Test
    void loadsCsvWithQuotedFieldsColumnsInAnyOrderAndOptionalColumnsMissing() throws IOException {
        Path f = file(
                "counties.csv",
                "\uFEFFname,code,prefectureCode,prefectureName,provinceCode,provinceName,border\n"
                        + "\"Springfield, North\",US-1,US-A,\"The \"\"A\"\" district\",US,United States,TRUE\n"
                        + "\n"
                        + "鲁甸县,530621,530600,昭通市,530000,云南省,\n");
        List<County> counties = CountyReference.load(f);
        assertThat(counties).hasSize(2);
        County first = counties.get(0);
        assertThat(first.getCode()).isEqualTo("US-1");
        assertThat(first.getName()).isEqualTo("Springfield, North");
        assertThat(first.getPrefectureName()).isEqualTo("The \"A\" district");
        assertThat(first.getBorder()).isTrue();
        assertThat(first.getPopulation()).isNull();
        assertThat(counties.get(1).getName()).isEqualTo("鲁甸县");
        assertThat(counties.get(1).getBorder()).isFalse();
    }

    @Test
    void theBundledFileLoadsAsAUserFileToo() throws IOException {
        Path f = dir.resolve("copy.csv");
        try (var in = CountyReference.class.getResourceAsStream(CountyReference.BUNDLED_RESOURCE)) {
            Files.copy(in, f);
        }
        assertThat(CountyReference.load(f)).isEqualTo(bundled);
    }

    @Test
    void codesAreNotRequiredToBeSixDigitsInUserFiles() throws IOException {
        Path f = file(
                "short.csv",
                "code,name,prefectureCode,prefectureName,provinceCode,provinceName\n" + "53062,Short,5306,P,53,Y\n");
        assertThat(CountyReference.load(f)).extracting(County::getCode).containsExactly("53062");
    }

    @Test
    void malformedJsonlNamesFileAndLine() throws IOException {
        Path f = file("bad.jsonl", """
                {"code":"1","name":"a","prefectureCode":"p","prefectureName":"P","provinceCode":"v","provinceName":"V"}
                {"code":"2","name":"b","prefectureCode":"p","prefectureName":"P","provinceCode":"v",
                """);
        assertThatThrownBy(() -> CountyReference.load(f))
                .isInstanceOf(CountyReferenceException.class)
                .hasMessageStartingWith(f + ":2: not valid JSON")
                .hasMessageNotContaining("\n");
    }

    @Test
    void blankRequiredFieldNamesFileLineAndField() throws IOException {
        Path f = file("blank.jsonl", """
                {"code":"1","name":"a","prefectureCode":"p","prefectureName":"P","provinceCode":"v","provinceName":"V"}

                {"code":"2","name":"  ","prefectureCode":"p","prefectureName":"P","provinceCode":"v","provinceName":"V"}
                """);
        assertThatThrownBy(() -> CountyReference.load(f))
                .isInstanceOf(CountyReferenceException.class)
                .hasMessage(f + ":3: name is blank");
    }

    @Test
    void jsonlFieldErrors() throws IOException {
        String base =
                "\"code\":\"1\",\"name\":\"a\",\"prefectureCode\":\"p\",\"prefectureName\":\"P\",\"provinceCode\":\"v\"";
        assertThatThrownBy(() -> CountyReference.load(file("a.jsonl", "{" + base + "}\n")))
                .hasMessageEndingWith("a.jsonl:1: missing field 'provinceName'");
        assertThatThrownBy(() -> CountyReference.load(
                        file("b.jsonl", "{" + base + ",\"provinceName\":\"V\",\"population\":\"many\"}\n")))
                .hasMessageEndingWith("b.jsonl:1: population must be a whole number or null, not \"many\"");
        assertThatThrownBy(() -> CountyReference.load(
                        file("c.jsonl", "{" + base + ",\"provinceName\":\"V\",\"border\":\"yes\"}\n")))
                .hasMessageEndingWith("c.jsonl:1: border must be true or false, not \"yes\"");
        assertThatThrownBy(() -> CountyReference.load(
                        file("d.jsonl", "{" + base + ",\"provinceName\":\"V\",\"populaton\":5}\n")))
                .hasMessageContaining("d.jsonl:1: unknown field 'populaton'");
        assertThatThrownBy(() -> CountyReference.load(
                        file("e.jsonl", "{" + base + ",\"provinceName\":\"V\",\"population\":-3}\n")))
                .hasMessageEndingWith("e.jsonl:1: population -3 is negative");
    }

    @Test
    void malformedCsvNamesFileAndLine() throws IOException {
        String header = "code,name,prefectureCode,prefectureName,provinceCode,provinceName,population,border\n";
        String ok = "1,a,p,P,v,V,,false\n";
        assertThatThrownBy(() -> CountyReference.load(file("fields.csv", header + ok + "2,b,p,P,v,V\n")))
                .isInstanceOf(CountyReferenceException.class)
                .hasMessageEndingWith("fields.csv:3: expected 8 fields as in the header, found 6");
        assertThatThrownBy(() -> CountyReference.load(file("pop.csv", header + ok + "2,b,p,P,v,V,12k,false\n")))
                .hasMessageEndingWith("pop.csv:3: population '12k' is not a whole number");
        assertThatThrownBy(() -> CountyReference.load(file("border.csv", header + ok + "2,b,p,P,v,V,,maybe\n")))
                .hasMessageEndingWith("border.csv:3: border 'maybe' is neither true nor false");
        assertThatThrownBy(() -> CountyReference.load(file("quote.csv", header + ok + "2,\"b,p,P,v,V,,\n")))
                .hasMessageContaining("quote.csv:3: unterminated quoted field");
        assertThatThrownBy(() -> CountyReference.load(file("junk.csv", header + ok + "2,\"b\"x,p,P,v,V,,\n")))
                .hasMessageContaining("junk.csv:3: not valid CSV");
        assertThatThrownBy(() -> CountyReference.load(file("blank.csv", header + " ,b,p,P,v,V,,\n")))
                .hasMessageEndingWith("blank.csv:2: code is blank");
        assertThatThrownBy(() -> CountyReference.load(file("header.csv", "code,name,prefecture\n" + ok)))
                .hasMessageStartingWith(dir.resolve("header.csv") + ":1: unknown column 'prefecture'");
        assertThatThrownBy(() -> CountyReference.load(file("lacks.csv", "code,name\n1,a\n")))
                .hasMessageEndingWith("lacks.csv:1: the header lacks the column 'prefectureCode'");
    }

    @Test
    void duplicateCodesAreRejectedInBothFormats() throws IOException {
        Path csv = file(
                "dup.csv",
                "code,name,prefectureCode,prefectureName,provinceCode,provinceName\n"
                        + "532530,金平,532500,红河,530000,云南\n"
                        + "530621,鲁甸,530600,昭通,530000,云南\n"
                        + "532530,金平again,532500,红河,530000,云南\n");
        assertThatThrownBy(() -> CountyReference.load(csv))
                .isInstanceOf(CountyReferenceException.class)
                .hasMessage(csv + ":4: duplicate code '532530' (first on line 2)");
        String line = "{\"code\":\" 7 \",\"name\":\"a\",\"prefectureCode\":\"p\",\"prefectureName\":\"P\","
                + "\"provinceCode\":\"v\",\"provinceName\":\"V\"}\n";
        Path jsonl = file("dup.jsonl", line + line.replace(" 7 ", "7"));
        assertThatThrownBy(() -> CountyReference.load(jsonl))
                .hasMessage(jsonl + ":2: duplicate code '7' (first on line 1)");
    }

    @Test
    void unreadableOrEmptyFilesAreReportedOnOneLine() throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> CountyReference.load(missing))
                .isInstanceOf(CountyReferenceException.class)
                .hasMessage(missing + ": no such file");
        Path empty = file("empty.jsonl", "\n  \n");
        assertThatThrownBy(() -> CountyReference.load(empty))
                .hasMessage(empty + ": contains no counties (the file is empty)");
        Path headerOnly =
                file("header-only.csv", "code,name,prefectureCode,prefectureName,provinceCode,provinceName\n");
        assertThatThrownBy(() -> CountyReference.load(headerOnly))
                .hasMessage(headerOnly + ": contains no counties (only a header)");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(
                latin1,
                ("code,name,prefectureCode,prefectureName,provinceCode,provinceName\n"
                                + "1,a,p,P,v,V\n2,M\u00fcnchen,p,P,v,V\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CountyReference.load(latin1)).hasMessage(latin1 + ":3: not valid UTF-8 text");
    }
}
