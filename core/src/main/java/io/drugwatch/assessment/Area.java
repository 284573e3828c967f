package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;
import java.util.Objects;

/**
 * A county, prefecture or province, with what a report needs to name it and a roll-up to place it.
 *
 * @param nameEn the English name, or null: English reports then use {@code nameZh}
 * @param prefectureCode the prefecture of a county, else null
 * @param provinceCode the province of a county or prefecture, else null
 */
public record Area(
        String code, AreaLevel level, String nameZh, String nameEn, String prefectureCode, String provinceCode) {

    public Area {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(nameZh, "nameZh");
    }

    public String name(Language language) {
        return language == Language.EN && nameEn != null ? nameEn : nameZh;
    }

    /** Whether this area's figures are part of {@code region}'s. */
    public boolean within(Area region) {
        return switch (region.level) {
            case COUNTY -> false;
            case PREFECTURE -> level == AreaLevel.COUNTY && region.code.equals(prefectureCode);
            case PROVINCE -> level != AreaLevel.PROVINCE && region.code.equals(provinceCode);
        };
    }
}
