"""Survey: how each example file of Debian's fet-data imports (exactly, approximately, or not at all).

python bench/fet_examples.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = Path("/usr/share/doc/fet-data/examples")


def main() -> None:
    from models.loading import parse_instance
    from models.validation import InputError
    from scheduler.formats.fet.importer import import_fet
    from scheduler.formats.xml_file import parse_xml

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    files = sorted(path for path in EXAMPLES.rglob("*.fet") if "data_and_timetable" not in path.name)
    outcomes: Counter[str] = Counter()
    for path in files:
        try:
            data, report, problems = import_fet(parse_xml(path), path.name)
            if problems:
                outcome, detail = "refused", str(problems[0])
            else:
                inst = parse_instance(data)
                outcome = "exact" if report.exact else "approximated"
                detail = f"{len(inst.classes)} classes; " + ", ".join(
                    k for k, (s, _, _) in report.lines.items() if s != "exact"
                )
        except InputError as error:
            outcome, detail = "not a valid instance", str(error.problems[0])
        outcomes[outcome] += 1
        if args.verbose:
            print(f"{outcome:22} {path.relative_to(EXAMPLES)}: {detail[:150]}")
    print(f"{len(files)} example files: " + ", ".join(f"{count} {outcome}" for outcome, count in outcomes.most_common()))


if __name__ == "__main__":
    main()
