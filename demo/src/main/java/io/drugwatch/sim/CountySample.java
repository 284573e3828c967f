package io.drugwatch.sim;

import io.drugwatch.model.County;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic sample of counties for back-tests that need not be national: spread over the
 * provinces in proportion to their number of counties, evenly along each province's list (so over
 * its prefectures), and always including the counties the named scenarios aim at ({@link Scenario}).
 * It depends on the list and the size alone, not on a seed: the same command samples the same
 * counties every time.
 */
public final class CountySample {

    private CountySample() {}

    /**
     * About {@code size} counties of {@code all}, in their original order: exactly {@code size}
     * unless the scenario targets alone are more. All of them if {@code size} is at least their number.
     */
    public static List<County> pick(List<County> all, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a sample needs at least one county: " + size);
        }
        if (size >= all.size()) {
            return List.copyOf(all);
        }
        Set<String> chosen = new HashSet<>(targets(all));
        // the others by province (first two digits of the code), in list order
        Map<String, List<County>> byProvince = new LinkedHashMap<>();
        for (County c : all) {
            if (!chosen.contains(c.getCode())) {
                String code = c.getCode() == null ? "" : c.getCode();
                byProvince
                        .computeIfAbsent(code.length() >= 2 ? code.substring(0, 2) : code, k -> new ArrayList<>())
                        .add(c);
            }
        }
        int others = all.size() - chosen.size();
        int wanted = Math.max(0, size - chosen.size());
        // largest-remainder allocation, ties to the earlier province
        List<String> provinces = new ArrayList<>(byProvince.keySet());
        int[] quota = new int[provinces.size()];
        double[] remainder = new double[provinces.size()];
        int given = 0;
        for (int p = 0; p < provinces.size(); p++) {
            double exact = (double) wanted * byProvince.get(provinces.get(p)).size() / Math.max(1, others);
            quota[p] = (int) Math.floor(exact);
            remainder[p] = exact - quota[p];
            given += quota[p];
        }
        while (given < wanted) {
            int best = -1;
            for (int p = 0; p < provinces.size(); p++) {
                if (quota[p] < byProvince.get(provinces.get(p)).size()
                        && (best < 0 || remainder[p] > remainder[best])) {
                    best = p;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        for (int p = 0; p < provinces.size(); p++) {
            List<County> list = byProvince.get(provinces.get(p));
            for (int j = 0; j < quota[p]; j++) {
                chosen.add(list.get((int) ((j + 0.5) * list.size() / quota[p])).getCode());
            }
        }
        return all.stream().filter(c -> chosen.contains(c.getCode())).toList();
    }

    /** The codes of {@code all} that the named scenarios would aim at. */
    static List<String> targets(List<County> all) {
        Set<String> present = new HashSet<>();
        all.forEach(c -> present.add(c.getCode()));
        List<String> out = new ArrayList<>();
        List<String> preferred = SimModel.preferredTargets();
        for (String code : preferred) {
            // the wastewater target falls back from 530621 to 640302 only when 530621 is missing
            if (present.contains(code) && !(code.equals("640302") && present.contains("530621"))) {
                out.add(code);
            }
        }
        return out;
    }
}
