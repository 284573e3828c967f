package io.drugwatch.reference;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.drugwatch.model.County;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * County-level divisions of mainland China as reference data: the bundled set (GB/T 2260 codes,
 * see {@code src/main/resources/reference/SOURCES.md}) and user-supplied files in the same shape.
 *
 * <p>Two file formats are accepted, told apart by the first non-blank line:
 * <ul>
 *   <li>CSV (UTF-8) with a header naming the columns {@code code, name, prefectureCode,
 *       prefectureName, provinceCode, provinceName} and optionally {@code population} (empty for
 *       unknown) and {@code border} ({@code true}/{@code false}, empty for false), in any order.
 *       Fields may be quoted RFC 4180 style ({@code "a, b"}, {@code ""} for a quote); a record
 *       must fit on one line.</li>
 *   <li>JSONL: one JSON object per line with the {@link County} field names; {@code population}
 *       is a whole number, {@code null} or absent, {@code border} a boolean or absent (false).</li>
 * </ul>
 * Blank lines are skipped, text fields are trimmed. Validation is deliberately format-level only:
 * required fields must be non-blank and codes unique within the file. Whether a code has the
 * shape the deployment expects (six digits for GB/T 2260) is for the caller to check.
 *
 * <p>Every problem is reported as a {@link CountyReferenceException} whose one-line message names
 * the file and line, e.g. {@code counties.jsonl:17: duplicate code '532530' (first on line 3)}.
 * Each call returns freshly built records in file order, in an unmodifiable list.
 */
public final class CountyReference {

    /** Classpath location of the bundled data set. */
    public static final String BUNDLED_RESOURCE = "/reference/counties.csv";

    private static final List<String> REQUIRED =
            List.of("code", "name", "prefectureCode", "prefectureName", "provinceCode", "provinceName");
    private static final String POPULATION = "population";
    private static final String BORDER = "border";
    private static final List<String> COLUMNS = List.of(
            "code", "name", "prefectureCode", "prefectureName", "provinceCode", "provinceName", POPULATION, BORDER);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CountyReference() {}

    /** The county-level divisions shipped with drugwatch (about 2,850 units). */
    public static List<County> bundled() {
        String source = "classpath:" + BUNDLED_RESOURCE;
        byte[] bytes;
        try (InputStream in = CountyReference.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new CountyReferenceException(source + ": not found on the classpath");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CountyReferenceException(source + ": cannot read (" + oneLine(e.toString()) + ")", e);
        }
        return read(bytes, source);
    }

    /** Reads a user-supplied county file, CSV or JSONL (see the class comment for both formats). */
    public static List<County> load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CountyReferenceException(source + ": no such file", e);
        } catch (IOException e) {
            throw new CountyReferenceException(source + ": cannot read (" + oneLine(e.toString()) + ")", e);
        }
        return read(bytes, source);
    }

    private static List<County> read(byte[] bytes, String source) {
        String text = decodeUtf8(bytes, source);
        try {
            return read(new BufferedReader(new StringReader(text)), source);
        } catch (IOException e) { // reading a string does not fail
            throw new UncheckedIOException(e);
        }
    }

    /** Strict UTF-8 decoding; invalid bytes are reported with the line they are on. */
    private static String decodeUtf8(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CountyReferenceException(source + ":" + line + ": not valid UTF-8 text");
        }
        return out.flip().toString();
    }

    private static List<County> read(BufferedReader reader, String source) throws IOException {
        Lines lines = new Lines(reader, source);
        String first = lines.nextNonBlank();
        if (first == null) {
            throw new CountyReferenceException(source + ": contains no counties (the file is empty)");
        }
        List<County> counties = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        if (first.strip().startsWith("{")) {
            for (String line = first; line != null; line = lines.nextNonBlank()) {
                add(counties, seen, fromJson(line, lines), lines);
            }
        } else {
            Header header = Header.parse(first, lines);
            for (String line = lines.nextNonBlank(); line != null; line = lines.nextNonBlank()) {
                add(counties, seen, header.record(line, lines), lines);
            }
            if (counties.isEmpty()) {
                throw new CountyReferenceException(source + ": contains no counties (only a header)");
            }
        }
        return Collections.unmodifiableList(counties);
    }

    private static void add(List<County> counties, Map<String, Integer> seen, County county, Lines lines) {
        Integer firstLine = seen.putIfAbsent(county.getCode(), lines.number());
        if (firstLine != null) {
            throw lines.error("duplicate code '" + county.getCode() + "' (first on line " + firstLine + ")");
        }
        counties.add(county);
    }

    // ---------------------------------------------------------------- JSONL

    private static County fromJson(String line, Lines lines) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw lines.error("not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw lines.error("expected a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!COLUMNS.contains(name)) {
                throw lines.error("unknown field '" + name + "' (expected " + String.join(", ", COLUMNS) + ")");
            }
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (String field : REQUIRED) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw lines.error("missing field '" + field + "'");
            }
            if (!value.isTextual()) {
                throw lines.error("field '" + field + "' must be a string, not "
                        + value.getNodeType().name().toLowerCase());
            }
            text.put(field, value.asText());
        }
        Long population = null;
        JsonNode pop = node.get(POPULATION);
        if (pop != null && !pop.isNull()) {
            if (!pop.isIntegralNumber() || !pop.canConvertToLong()) {
                throw lines.error("population must be a whole number or null, not " + oneLine(pop.toString()));
            }
            population = pop.longValue();
        }
        boolean border = false;
        JsonNode flag = node.get(BORDER);
        if (flag != null && !flag.isNull()) {
            if (!flag.isBoolean()) {
                throw lines.error("border must be true or false, not " + oneLine(flag.toString()));
            }
            border = flag.booleanValue();
        }
        return build(text, population, border, lines);
    }

    // ---------------------------------------------------------------- CSV

    /** The CSV header: which position holds which column. */
    private static final class Header {
        private final Map<String, Integer> index;
        private final int width;

        private Header(Map<String, Integer> index, int width) {
            this.index = index;
            this.width = width;
        }

        static Header parse(String line, Lines lines) {
            List<String> names = splitCsv(line, lines);
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!COLUMNS.contains(name)) {
                    throw lines.error("unknown column '" + name + "' in the header (expected "
                            + String.join(", ", COLUMNS) + ")");
                }
                if (index.putIfAbsent(name, i) != null) {
                    throw lines.error("column '" + name + "' appears twice in the header");
                }
            }
            for (String required : REQUIRED) {
                if (!index.containsKey(required)) {
                    throw lines.error("the header lacks the column '" + required + "'");
                }
            }
            return new Header(index, names.size());
        }

        County record(String line, Lines lines) {
            List<String> fields = splitCsv(line, lines);
            if (fields.size() != width) {
                throw lines.error("expected " + width + " fields as in the header, found " + fields.size());
            }
            Map<String, String> text = new LinkedHashMap<>();
            for (String field : REQUIRED) {
                text.put(field, fields.get(index.get(field)));
            }
            Long population = null;
            String pop = index.containsKey(POPULATION) ? fields.get(index.get(POPULATION)) : "";
            if (!pop.isEmpty()) {
                try {
                    population = Long.parseLong(pop);
                } catch (NumberFormatException e) {
                    throw lines.error("population '" + pop + "' is not a whole number");
                }
            }
            boolean border = false;
            String flag = index.containsKey(BORDER) ? fields.get(index.get(BORDER)) : "";
            if (flag.equalsIgnoreCase("true")) {
                border = true;
            } else if (!flag.isEmpty() && !flag.equalsIgnoreCase("false")) {
                throw lines.error("border '" + flag + "' is neither true nor false");
            }
            return build(text, population, border, lines);
        }
    }

    /** One CSV line as its fields, trimmed outside quotes; RFC 4180 quoting, "" for a quote inside one. */
    private static final ObjectReader CSV_LINE =
            new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES).readerFor(String[].class);

    /** Splits one CSV line into fields; a record must fit on one line. */
    static List<String> splitCsv(String line, Lines lines) {
        try {
            return Arrays.asList(CSV_LINE.<String[]>readValue(line));
        } catch (JacksonException e) {
            String why = oneLine(e.getOriginalMessage());
            throw lines.error(
                    why.contains("closing quote")
                            ? "unterminated quoted field (a record must fit on one line)"
                            : "not valid CSV: " + why);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static County build(Map<String, String> text, Long population, boolean border, Lines lines) {
        for (Map.Entry<String, String> e : text.entrySet()) {
            String value = e.getValue().strip();
            if (value.isEmpty()) {
                throw lines.error(e.getKey() + " is blank");
            }
            e.setValue(value);
        }
        if (population != null && population < 0) {
            throw lines.error("population " + population + " is negative");
        }
        return County.newBuilder()
                .setCode(text.get("code"))
                .setName(text.get("name"))
                .setPrefectureCode(text.get("prefectureCode"))
                .setPrefectureName(text.get("prefectureName"))
                .setProvinceCode(text.get("provinceCode"))
                .setProvinceName(text.get("provinceName"))
                .setPopulation(population)
                .setBorder(border)
                .build();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Reads lines, counting them, so that errors can name the line at fault. */
    static final class Lines {
        private final BufferedReader reader;
        private final String source;
        private int number;

        Lines(BufferedReader reader, String source) {
            this.reader = reader;
            this.source = source;
        }

        /** The next line that is not blank, without a leading byte-order mark; null at the end. */
        String nextNonBlank() throws IOException {
            while (true) {
                String line = reader.readLine();
                if (line == null) {
                    return null;
                }
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    return line;
                }
            }
        }

        int number() {
            return number;
        }

        CountyReferenceException error(String message) {
            return new CountyReferenceException(source + ":" + number + ": " + message);
        }
    }
}
