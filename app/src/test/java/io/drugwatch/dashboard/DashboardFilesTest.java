package io.drugwatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's static files: derived data in sync, nothing loaded from outside, vendored code accounted for. */
class DashboardFilesTest {

    private static final Path WEB = Path.of("src/main/resources/web");

    /** static/border-counties.json is generated from counties.csv by web/build/border_counties.py. */
    @Test
    void borderCountiesMatchTheReferenceData() throws IOException {
        List<String> expected = new ArrayList<>();
        List<String> lines =
                Files.readAllLines(Path.of("src/main/resources/reference/counties.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith(",border");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[f.length - 1].equals("true")) {
                expected.add(f[0]);
            }
        }
        JsonNode doc = new ObjectMapper()
                .readTree(WEB.resolve("static/border-counties.json").toFile());
        List<String> actual = new ArrayList<>();
        doc.get("codes").forEach(c -> actual.add(c.asText()));
        assertThat(actual)
                .as("rerun: python3 app/src/main/resources/web/build/border_counties.py")
                .isSortedAccordingTo(String::compareTo)
                .containsExactlyInAnyOrderElementsOf(expected)
                .contains("532530", "451481");
    }

    /** Closed networks: every script, stylesheet and fetch is relative to the app, never another host. */
    @Test
    void thePageLoadsNothingFromAnotherHost() throws IOException {
        String html = Files.readString(WEB.resolve("index.html"), StandardCharsets.UTF_8);
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int count = 0;
        while (refs.find()) {
            count++;
            String ref = refs.group(1);
            assertThat(ref).as("index.html reference").doesNotContain("//");
            if (ref.startsWith("static/")) {
                assertThat(WEB.resolve(ref)).as(ref).isRegularFile();
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(4);
        // the SVG namespace is a name, not a request
        String js = Files.readString(WEB.resolve("static/app.js"), StandardCharsets.UTF_8)
                .replace("http://www.w3.org/2000/svg", "");
        assertThat(js).doesNotContain("http://", "https://", "//cdn", "import(");
        // data is written with textContent: no HTML parsing of what the API returns
        assertThat(js).doesNotContain(".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write");
        assertThat(html).contains("<meta charset=\"utf-8\">");
    }

    @Test
    void vendoredFilesHaveTheirLicenceAndRecord() throws IOException {
        Path vendor = WEB.resolve("static/vendor");
        assertThat(vendor.resolve("uPlot.iife.min.js"))
                .content(StandardCharsets.UTF_8)
                .startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
        assertThat(vendor.resolve("LICENSE")).content(StandardCharsets.UTF_8).contains("MIT License", "Leon Sorokin");
        assertThat(vendor.resolve("VENDORED.md"))
                .content(StandardCharsets.UTF_8)
                .contains("uplot@1.6.30", "MIT", "No province map");
    }
}
