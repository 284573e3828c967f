package io.drugwatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.api.DrugwatchApi;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.runtime.LiveFeed;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium) over a running pipeline: the county
 * table fills from the API, border counties carry their badge, a statistical alert shows its p-value,
 * recurrence interval, method and campaign, a 12.5 kg seizure produced while the page is open reaches
 * the alert feed through the event stream, without a reload, and the county view says what each alert
 * rule could judge (JUDGED, or INSUFFICIENT_DATA with the reason; "not judged yet" before any day closed).
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (.ci/run installs them). Without
 * them the test is skipped, or fails when {@code CI=true}. Selenium Manager is never asked for a
 * driver or a browser: both paths are given, so nothing is downloaded. Screenshots of the page go to
 * {@code demo/target/dashboard.png}, {@code demo/target/dashboard-detail.png},
 * {@code demo/target/dashboard-coverage.png} and {@code demo/target/dashboard-zh.png}.
 */
@EnabledIf(value = "browserInstalledOrCi", disabledReason = DashboardBrowserIntegrationTest.INSTALL_HINT)
class DashboardBrowserIntegrationTest {

    static final String INSTALL_HINT =
            "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)";
    // Debian's paths; the properties exist to try the missing-browser paths of this test
    private static final Path CHROMIUM = Path.of(System.getProperty("drugwatch.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("drugwatch.test.chromedriver", "/usr/bin/chromedriver"));
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String JINPING = "金平苗族瑶族傣族自治县";
    private static final String LUDIAN = "鲁甸县";
    private static final String PINGXIANG = "凭祥市";
    private static final String QIAOJIA = "巧家县";
    private static final String CAMPAIGN = "百日行动";
    /**
     * Arrests a day on 巧家县's spike days, against 2 a day before: four such days make its 7-day count about
     * 2.7 times the expected one, a COUNT_SPIKE far rarer than once in years (the rule judges 7- and 14-day sums).
     */
    private static final int SPIKE_ARRESTS = 10;
    /** The spike's last day, and the first day of it. */
    private static final int SPIKE_DAYS_AGO = 4;

    private static final int SPIKE_FIRST_DAYS_AGO = 7;

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static Topics topics;
    private static PipelineRunner runner;
    private static DrugwatchApi api;
    private static LiveFeed feed;
    private static ChromeDriverService driverService;
    private static WebDriver browser;

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Without the browser the class is skipped with {@link #INSTALL_HINT}, except on CI, where it fails. */
    static boolean browserInstalledOrCi() {
        return browserInstalled() || "true".equals(System.getenv("CI"));
    }

    @BeforeAll
    static void start() throws Exception {
        if (!browserInstalled()) {
            fail(INSTALL_HINT);
        }
        Map<String, String> settings = cluster.settings(dir.resolve("state"));
        settings.put(DrugwatchConfig.HTTP_PORT, "0");
        // a campaign over the spike day: the alert names it
        settings.put(
                AlertSettings.CAMPAIGNS,
                CAMPAIGN + ":" + LocalDate.now(ZONE).minusDays(SPIKE_FIRST_DAYS_AGO) + "/"
                        + LocalDate.now(ZONE).minusDays(SPIKE_DAYS_AGO));
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        topics = cluster.topics(config);
        cluster.createTopics(config);
        runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
        api = DrugwatchApi.start(config, runner.streams());
        feed = new LiveFeed(
                ClientProperties.consumer(config),
                Map.of("alert", topics.alerts(), "indicator", topics.countyIndicators()),
                api::publish);
        runner.start();
        assertThat(runner.awaitRunning(Duration.ofSeconds(60))).isTrue();
        browser = startBrowser();
    }

    private static WebDriver startBrowser() throws Exception {
        // explicit driver and browser: Selenium Manager is not consulted, so it downloads nothing
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--window-size=1440,1000",
                "--lang=en-US");
        return new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stop() {
        // each step guarded: a skipped or half-started class closes what it has
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (feed != null) {
            feed.close();
        }
        if (api != null) {
            api.close();
        }
        if (runner != null) {
            runner.close();
        }
        // the extension stops the broker and the registry
    }

    /** Sends the records in order and waits until the broker has them all. */
    private static <V extends SpecificRecord> void produce(Topic<String, V> topic, List<Map.Entry<String, V>> records) {
        cluster.send(
                topic,
                records.stream()
                        .map(r -> new ProducerRecord<>(topic.name(), r.getKey(), r.getValue()))
                        .toList());
    }

    private static County county(
            String code,
            String name,
            String prefecture,
            String prefectureName,
            String province,
            String provinceName,
            Long population,
            boolean border) {
        return County.newBuilder()
                .setCode(code)
                .setName(name)
                .setPrefectureCode(prefecture)
                .setPrefectureName(prefectureName)
                .setProvinceCode(province)
                .setProvinceName(provinceName)
                .setPopulation(population)
                .setBorder(border)
                .build();
    }

    private static Instant daysAgo(int days, int hour) {
        return LocalDate.now(ZONE).minusDays(days).atTime(hour, 0).atZone(ZONE).toInstant();
    }

    private static Map.Entry<String, Arrest> arrest(
            String id, String county, int daysAgo, Offense offense, int suspects) {
        return Map.entry(
                county,
                Arrest.newBuilder()
                        .setEventId(id)
                        .setOccurredAt(daysAgo(daysAgo, 10))
                        .setCountyCode(county)
                        .setOffense(offense)
                        .setSuspects(suspects)
                        .build());
    }

    private static Map.Entry<String, Seizure> seizure(
            String id, String county, int daysAgo, DrugType drug, double grams) {
        return Map.entry(
                county,
                Seizure.newBuilder()
                        .setEventId(id)
                        .setOccurredAt(daysAgo(daysAgo, 14))
                        .setCountyCode(county)
                        .setDrugType(drug)
                        .setQuantityGrams(grams)
                        .setSource(SeizureSource.CHECKPOINT)
                        .build());
    }

    /** The API answers the 7-day table with every county named, so the page has rows to show. */
    private static void awaitCountiesInApi(String... names) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the counties in /api/counties")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .pollInSameThread()
                .untilAsserted(() -> {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(api.url() + "/api/counties?windowDays=7"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(r.body()).contains(names);
                });
    }

    /** The open alerts as the API gives them. */
    private static JsonNode openAlerts() throws Exception {
        return new ObjectMapper().readTree(apiGet("/api/alerts"));
    }

    private static JsonNode awaitOpenAlert(String rule, String county) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        Awaitility.await("a " + rule + " alert in " + county)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .pollInSameThread()
                .untilAsserted(() -> {
                    JsonNode open = openAlerts();
                    for (JsonNode a : open) {
                        if (a.get("rule").asText().equals(rule)
                                && a.get("countyCode").asText().equals(county)) {
                            found.set(a);
                            return;
                        }
                    }
                    fail("no open " + rule + " alert in " + county + ": " + open);
                });
        return found.get();
    }

    /**
     * The statistics line the page should show for an alert, written independently of app.js: the p-value
     * with two significant digits (exponent without padding below 1e-4), then the recurrence interval in
     * years from 730 days on.
     */
    static String expectedStats(double p, double recurrenceDays) {
        String pText = p < 1e-4
                ? String.format(Locale.ROOT, "%.1e", p).replaceAll("e([-+])0*(\\d)", "e$1$2")
                : String.format(Locale.ROOT, "%.4f", p);
        String chance = recurrenceDays >= 1e7
                ? "practically never by chance"
                : recurrenceDays >= 730
                        ? String.format(
                                Locale.ROOT, "about once in %,d years by chance", Math.round(recurrenceDays / 365.25))
                        : String.format(Locale.ROOT, "about once in %,d days by chance", Math.round(recurrenceDays));
        return "p = " + pText + " · " + chance;
    }

    private static WebElement row(String code) {
        return browser.findElement(By.cssSelector("#rows tr[data-code='" + code + "']"));
    }

    private static String cell(String code, String column) {
        return row(code)
                .findElement(By.cssSelector("td[data-col='" + column + "']"))
                .getText();
    }

    private static void awaitCell(WebDriverWait wait, String code, String column, String expected) {
        try {
            wait.until(b -> cell(code, column).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail(
                    "row " + code + " column " + column + ": expected " + expected + " in "
                            + row(code).getAttribute("outerHTML")
                            + "\nAPI: " + apiGet("/api/counties?windowDays=7") + "\nSERIES7: "
                            + apiGet("/api/counties/" + code + "/series?windowDays=7")
                            + "\nSERIES1: " + apiGet("/api/counties/" + code + "/series?windowDays=1"),
                    e);
        }
    }

    private static String apiGet(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(api.url() + path)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void screenshot(String name) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void tableBorderBadgeAndALiveCriticalAlertWithoutReload() throws Exception {
        produce(
                topics.counties(),
                List.of(
                        Map.entry(
                                "532530",
                                county("532530", JINPING, "532500", "红河哈尼族彝族自治州", "530000", "云南省", 331_377L, true)),
                        Map.entry(
                                "530621", county("530621", LUDIAN, "530600", "昭通市", "530000", "云南省", 398_447L, false)),
                        Map.entry(
                                "451481",
                                county("451481", PINGXIANG, "451400", "崇左市", "450000", "广西壮族自治区", null, true)),
                        Map.entry(
                                "530622",
                                county("530622", QIAOJIA, "530600", "昭通市", "530000", "云南省", 462_173L, false))));
        // the global counties store names the county windows of the events that come after it
        KafkaClusterExtension.awaitCounties(runner.streams(), List.of("532530", "530621", "451481", "530622"));
        // 巧家县: 60 days of 2 arrests a day, and a four-day spike during the campaign. Sent first and in order,
        // so that its days close as the history passes (with no idle advance, only events move time):
        // the last event, a day ago, closes the spike day.
        List<Map.Entry<String, Arrest>> history = new ArrayList<>();
        for (int day = 60; day >= 1; day--) {
            int n = day <= SPIKE_FIRST_DAYS_AGO && day >= SPIKE_DAYS_AGO ? SPIKE_ARRESTS : 2;
            for (int i = 0; i < n; i++) {
                history.add(arrest("ui-q" + day + "-" + i, "530622", day, Offense.USE, 1));
            }
        }
        produce(topics.input(EventType.ARREST), history);
        // All on one day, so each county has one 7-day window when the page loads: /api/counties
        // picks a county's latest window by store order, which is not reliable while one county's
        // windows are spread over several partitions (reported; the live updates are not affected).
        produce(
                topics.input(EventType.ARREST),
                List.of(
                        arrest("ui-a1", "532530", 1, Offense.TRAFFICKING, 2),
                        arrest("ui-a2", "532530", 1, Offense.USE, 1),
                        arrest("ui-a3", "530621", 1, Offense.USE, 4),
                        arrest("ui-a4", "530621", 1, Offense.POSSESSION, 3),
                        arrest("ui-a5", "451481", 1, Offense.TRAFFICKING, 1)));
        produce(topics.input(EventType.SEIZURE), List.of(seizure("ui-s1", "532530", 1, DrugType.HEROIN, 800)));
        awaitCountiesInApi(JINPING, LUDIAN, PINGXIANG, QIAOJIA);
        JsonNode spike = awaitOpenAlert("COUNT_SPIKE", "530622");
        assertThat(spike.get("campaign").asText()).isEqualTo(CAMPAIGN);
        String stats = expectedStats(
                spike.get("pValue").asDouble(), spike.get("recurrenceDays").asDouble());
        assertThat(stats).as("the spike is rare enough to be counted in years").contains(" years by chance");

        browser.get(api.url() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // rows are redrawn by live updates
        wait.until(b -> b.findElements(By.cssSelector("#rows tr")).size() == 4);
        String table = browser.findElement(By.id("rows")).getText();
        assertThat(table).contains(JINPING, LUDIAN, PINGXIANG, QIAOJIA, "红河哈尼族彝族自治州", "云南省");
        assertThat(row("532530").findElements(By.cssSelector(".badge.border"))).hasSize(1);
        assertThat(row("451481").findElements(By.cssSelector(".badge.border"))).hasSize(1);
        assertThat(row("530621").findElements(By.cssSelector(".badge.border"))).isEmpty();
        // the page may have loaded before every event was counted; live updates complete the rows
        awaitCell(wait, "530621", "suspects", "7");
        awaitCell(wait, "532530", "seizureEvents", "1");
        // the statistical alert: p-value and recurrence, campaign, and the method as the line's tooltip
        List<WebElement> feedAlerts = browser.findElements(By.cssSelector("#feed li.alert"));
        assertThat(feedAlerts).hasSize(1);
        WebElement spikeItem = feedAlerts.get(0);
        assertThat(spikeItem.getAttribute("data-id"))
                .isEqualTo(spike.get("alertId").asText());
        assertThat(spikeItem.getText()).contains("Count spike", QIAOJIA);
        WebElement spikeStats = spikeItem.findElement(By.cssSelector(".stats"));
        assertThat(spikeStats.getText()).isEqualTo(stats + " · during the " + CAMPAIGN + " campaign");
        assertThat(spikeStats.getAttribute("title"))
                .isEqualTo("method: " + spike.get("method").asText());
        wait.until(b -> "live".equals(b.findElement(By.id("status")).getAttribute("data-state")));

        // sorting by a header, and the province filter built from the data
        browser.findElement(By.cssSelector("#head button[data-key='suspects']"))
                .click(); // already descending: now ascending
        wait.until(b -> b.findElements(By.cssSelector("#rows tr"))
                .get(0)
                .getAttribute("data-code")
                .equals("451481"));
        new Select(browser.findElement(By.id("province"))).selectByValue("530000");
        wait.until(b -> b.findElements(By.cssSelector("#rows tr")).size() == 3);
        new Select(browser.findElement(By.id("province"))).selectByValue("");
        wait.until(b -> b.findElements(By.cssSelector("#rows tr")).size() == 4);

        // a reload would lose this marker
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
        produce(
                topics.input(EventType.SEIZURE),
                List.of(seizure("ui-big", "532530", 1, DrugType.METHAMPHETAMINE, 12_500)));

        WebElement alert = wait.until(b -> b.findElements(By.cssSelector("#feed li.alert.sev-critical")).stream()
                .filter(li -> li.getText().contains(JINPING))
                .findFirst()
                .orElse(null));
        assertThat(alert.getAttribute("data-severity")).isEqualTo("CRITICAL");
        assertThat(alert.getText()).contains("CRITICAL", "Large seizure");
        assertThat(alert.getCssValue("border-left-color")).isEqualTo("rgba(198, 40, 40, 1)");
        assertThat(alert.findElements(By.cssSelector(".stats")))
                .as("a large seizure has no p-value")
                .isEmpty();
        // the indicator event updates the row in place: 2 seizures in the 7 days now
        awaitCell(wait, "532530", "seizureEvents", "2");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true"))
                .isEqualTo(true);
        wait.until(b -> !b.findElements(By.cssSelector("#rows tr[data-code='532530'] svg.spark polyline"))
                .isEmpty());
        screenshot("dashboard.png");

        // the county detail: charts and the county's alert
        wait.until(b -> {
            row("532530").click(); // retried if a live update redrew the row meanwhile
            return true;
        });
        // arrests and seizures are charted; no inspections or wastewater samples were produced
        wait.until(b -> b.findElements(By.cssSelector("#d-charts .uplot")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#d-charts figure"))).hasSize(4);
        assertThat(browser.findElement(By.id("d-name")).getText()).isEqualTo(JINPING);
        assertThat(browser.findElements(By.cssSelector("#d-alerts li.alert.sev-critical")))
                .hasSize(1);
        // no day of 金平 has closed: no rule has judged it, and the page says so
        WebElement notYet = wait.until(b -> b.findElements(By.cssSelector("#d-coverage li.cov.none")).stream()
                .findFirst()
                .orElse(null));
        assertThat(notYet.getText()).startsWith("No alert rule has judged this county yet");
        screenshot("dashboard-detail.png");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true"))
                .isEqualTo(true);

        // 巧家县 from its alert in the feed: the alert with its method, and what each rule could judge
        browser.findElement(By.cssSelector(
                        "#feed li.alert[data-id='" + spike.get("alertId").asText() + "'] a.alert-county"))
                .click();
        wait.until(b -> b.findElement(By.id("d-name")).getText().equals(QIAOJIA));
        WebElement judged = wait.until(b -> b
                .findElements(By.cssSelector(
                        "#d-coverage li[data-rule='COUNT_SPIKE'][data-subject='ARREST_EVENTS'][data-status='JUDGED']"))
                .stream()
                .findFirst()
                .orElse(null));
        assertThat(judged.getText()).isEqualTo("JUDGED Count spike · arrest events");
        WebElement sparse = browser.findElement(
                By.cssSelector(
                        "#d-coverage li[data-rule='COUNT_SPIKE'][data-subject='SEIZURE_EVENTS'][data-status='INSUFFICIENT_DATA']"));
        assertThat(sparse.findElement(By.cssSelector(".badge.insufficient")).getText())
                .isEqualTo("INSUFFICIENT DATA");
        assertThat(sparse.getText()).contains("Count spike · seizure events — too sparse: 0.00 expected in 14 days");
        JsonNode coverage = new ObjectMapper().readTree(apiGet("/api/counties/530622/coverage"));
        assertThat(browser.findElement(By.id("d-coverage-title")).getText())
                .isEqualTo("What the alert rules could judge on "
                        + coverage.get("day").asText());
        assertThat(browser.findElements(By.cssSelector("#d-coverage li.cov")))
                .hasSize(coverage.get("rules").size());
        assertThat(browser.findElement(By.id("d-coverage-note")).getText())
                .contains("Not judged here: Wastewater rise, Checkpoint hit rate, Consumption without enforcement");
        WebElement detailSpike = browser.findElement(By.cssSelector("#d-alerts li.alert"));
        assertThat(detailSpike.findElement(By.cssSelector(".stats")).getText())
                .isEqualTo(stats + " · during the " + CAMPAIGN + " campaign");
        assertThat(detailSpike.findElement(By.cssSelector(".method")).getText())
                .isEqualTo("method: " + spike.get("method").asText());
        ((JavascriptExecutor) browser).executeScript("document.getElementById('d-alerts').scrollIntoView()");
        screenshot("dashboard-coverage.png");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true"))
                .isEqualTo(true);

        // ?lang=zh: the same labels in Chinese
        browser.get(api.url() + "/?lang=zh#county=530622");
        wait.until(b -> b.findElements(By.cssSelector("#d-coverage li[data-status='JUDGED']"))
                        .size()
                == 1);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.findElement(By.cssSelector("#d-coverage li[data-status='JUDGED']"))
                        .getText())
                .isEqualTo("已评估 案件数异常升高 · 抓获起数");
        assertThat(browser.findElement(By.cssSelector("#d-coverage li[data-subject='SEIZURE_EVENTS']"))
                        .getText())
                .startsWith("数据不足 案件数异常升高 · 缴获起数 — too sparse");
        WebElement zhStats =
                wait.until(b -> b
                        .findElements(By.cssSelector("#feed li.alert[data-id='"
                                + spike.get("alertId").asText() + "'] .stats"))
                        .stream()
                        .findFirst()
                        .orElse(null));
        assertThat(zhStats.getText()).matches("p = [0-9.e-]+ · 平稳情况下约 \\d+ 年一遇 · 专项行动：" + CAMPAIGN);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('d-alerts').scrollIntoView()");
        screenshot("dashboard-zh.png");
    }
}
