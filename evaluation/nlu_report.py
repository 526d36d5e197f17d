"""Prints intent and entity F1 from the reports `rasa test nlu --cross-validation` writes.

python -m evaluation.nlu_report var/results/nlu
"""

import json
import sys
from pathlib import Path

# The language detector's `language` entity is not annotated in the training data (it is set by
# rule at run time), so its report only shows zeros.
NOT_EVALUATED = {"LanguageDetector_report.json"}


def weighted_f1(report_path: Path) -> float | None:
    report = json.loads(report_path.read_text())
    average = report.get("weighted avg") or report.get("micro avg")
    return float(average["f1-score"]) if average else None


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/results/nlu")
    rows = []
    for path in sorted(folder.glob("*report.json")):
        if path.name in NOT_EVALUATED:
            continue
        score = weighted_f1(path)
        if score is not None:
            rows.append((path.stem.replace("_report", ""), score))
    if not rows:
        print(f"No reports in {folder}", file=sys.stderr)
        return 1
    print(f"{'report':40} {'weighted F1':>11}")
    for name, score in rows:
        print(f"{name:40} {score:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
