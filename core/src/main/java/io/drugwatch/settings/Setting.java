package io.drugwatch.settings;

import java.util.List;

/** One documented drugwatch setting: the key in the properties file, its default and what it does. */
public record Setting(String key, String defaultValue, String doc) {

    /** The Markdown table the docs show for {@code settings}: key, default ("(none)" if empty), meaning. */
    public static String markdownTable(List<Setting> settings) {
        StringBuilder out = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Setting s : settings) {
            out.append("| `")
                    .append(s.key)
                    .append("` | ")
                    .append(s.defaultValue.isEmpty() ? "(none)" : "`" + s.defaultValue + "`")
                    .append(" | ")
                    .append(s.doc)
                    .append(" |\n");
        }
        return out.toString();
    }
}
