#!/usr/bin/env python3
"""Writes ../static/border-counties.json: the codes of the land-border counties.

The dashboard marks border counties with a badge. CountyIndicators records carry no border flag,
so the page reads this small file, derived from the bundled reference data
(app/src/main/resources/reference/counties.csv, column `border`). Rerun it whenever that CSV changes
(Python 3.8+, standard library only):

    python3 app/src/main/resources/web/build/border_counties.py

DashboardFilesTest fails when the JSON and the CSV disagree.
"""

import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "..", "..", "reference", "counties.csv")
OUT = os.path.join(HERE, "..", "static", "border-counties.json")


def main():
    with open(CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "border" not in rows[0]:
        sys.exit("counties.csv has no border column")
    codes = sorted(r["code"] for r in rows if r["border"] == "true")
    doc = {
        "source": "app/src/main/resources/reference/counties.csv (border=true)",
        "generatedBy": "app/src/main/resources/web/build/border_counties.py",
        "codes": codes,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(codes)} border counties -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
