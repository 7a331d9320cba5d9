"""``goal_table.py OUTPUT``: the table of every KIA-GOAL line in a benchmark run's output.

A benchmark answers a goal with one line, tab-separated:
``KIA-GOAL<TAB>what is measured<TAB>figure with unit<TAB>goal<TAB>met|missed``; scripts/bench.sh
keeps the run's output and prints this table at its end (Markdown, as the README shows it).
"""

import re
import sys
from pathlib import Path

# Anywhere in a line: pytest -s may print a test's name just before it.
GOAL = re.compile(r"KIA-GOAL\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t(met|missed)\b")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def goal_rows(text):
    """[(measure, figure, goal, met), ...] in the order printed; a line printed twice (the same
    four fields) once."""
    rows = []
    for match in GOAL.finditer(ANSI.sub("", text)):
        row = tuple(field.strip() for field in match.groups())
        if row not in rows:
            rows.append(row)
    return rows


def markdown(rows):
    def cell(text):
        return text.replace("|", "\\|")

    lines = ["| measure | figure | goal | met |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(cell(field) for field in row)} |" for row in rows]
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    rows = goal_rows(Path(argv[0]).read_text(errors="replace"))
    missed = sum(1 for row in rows if row[3] == "missed")
    print(f"\n== Goals ({len(rows)} figures, {missed} missed)")
    print(markdown(rows) if rows else "(no KIA-GOAL line was printed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
