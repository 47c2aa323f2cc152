"""Merges the axe results of every walk (E2E_ARTIFACTS/axe/*.jsonl) into one report, E2E_ARTIFACTS/axe-report.md:
by rule (most severe first), the pages and widths it was found on, and each failing element once, with its HTML and
what axe measured. Prints a summary. Usage: python e2e/axe_report.py FOLDER
"""
import json
import re
import sys
from pathlib import Path

IMPACTS = ["critical", "serious", "moderate", "minor"]


def shape(text):
    """Two elements differing only by ids or numbers are the same element of a template."""
    text = re.sub(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "…", text)
    return re.sub(r"\d+", "0", text)


def measured(data):
    if not data or set(data) <= {"messageKey"}:
        return ""
    if "contrastRatio" in data and data.get("fgColor") and data.get("bgColor"):
        return (f"contrast {data.get('contrastRatio')}:1, needs {data.get('expectedContrastRatio')}: "
                f"{data.get('fgColor')} on {data.get('bgColor')} ({data.get('fontSize')}, weight {data.get('fontWeight')})")
    if "contrastRatio" in data:
        return ""  # undecided: the summary says why
    return json.dumps(data, ensure_ascii=False)[:200]


def widths(values):
    return "/".join(str(w) for w in sorted(values, reverse=True))


def group(records):
    """By rule, most severe first: the pages and widths, and each element once (same template, same element)."""
    rules = {}
    for r in records:
        impact = r["impact"] or "minor"
        rule = rules.setdefault(r["rule"], {"impact": impact, "help": r["help"], "url": r["helpUrl"], "tags": r["tags"],
                                             "pages": {}, "elements": {}})
        if IMPACTS.index(impact) < IMPACTS.index(rule["impact"]):
            rule["impact"] = impact
        rule["pages"].setdefault(r["pattern"], set()).add(r["width"])
        opening = re.match(r"<[^>]*>", r["html"])
        element = rule["elements"].setdefault((shape(r["target"]), shape(opening.group(0) if opening else r["html"])), {
            "target": r["target"], "html": r["html"], "summary": r["summary"], "pages": {}, "walks": set(), "measures": set()})
        element["pages"].setdefault(r["pattern"], set()).add(r["width"])
        element["walks"].add(r["walk"])
        if measured(r["data"]):
            element["measures"].add(measured(r["data"]))
    return sorted(rules.items(), key=lambda item: (IMPACTS.index(item[1]["impact"]), item[0]))


def section(rules, level):
    lines = []
    for name, rule in rules:
        lines += [f"{level} {name} ({rule['impact']}): {rule['help']}", "",
                  f"{', '.join(rule['tags'])}; {rule['url']}", "",
                  "Pages: " + ", ".join(f"`{p}` ({widths(w)})" for p, w in sorted(rule["pages"].items())), ""]
        for element in rule["elements"].values():
            pages = ", ".join(f"`{p}` ({widths(w)})" for p, w in sorted(element["pages"].items()))
            lines += [f"- `{element['target']}` on {pages}; walks: {', '.join(sorted(element['walks']))}",
                      f"  - HTML: `{element['html']}`"]
            lines += [f"  - {m}" for m in sorted(element["measures"])]
            if not element["measures"]:
                lines.append(f"  - {' '.join(element['summary'].split())}")
            lines.append("")
    return lines


def main(folder):
    records = []
    for log in sorted((folder / "axe").glob("*.jsonl")):
        records += [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    audited = {}
    for log in sorted((folder / "axe").glob("*.pages")):
        for line in log.read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            audited.setdefault(page["pattern"], set()).add(page["walk"])
    violations = group([r for r in records if r.get("outcome", "violations") == "violations"])
    review = group([r for r in records if r.get("outcome") == "incomplete"])
    reflow = group([r for r in records if r.get("outcome") == "reflow"])
    failing = [name for name, rule in violations if rule["impact"] in ("critical", "serious")]
    lines = ["# axe-core report: WCAG 2.0/2.1/2.2 A and AA, at 1280 and 375 px", "",
             f"Violated rules: {len(violations)}; failing (serious or critical): {', '.join(failing) or 'none'}. "
             f"Rules axe could not decide on some element (to check by hand): {len(review)}. "
             f"Pages that scroll sideways at 375 px (WCAG 1.4.10, not tested by axe): {len(reflow and reflow[0][1]['pages'])}.", "",
             f"{len(audited)} pages audited (each document a walk reached, at both widths): "
             + ", ".join(f"`{p}` ({', '.join(sorted(w))})" for p, w in sorted(audited.items())), "",
             "## Violations", ""] + section(violations, "###")
    lines += ["## Beyond axe: sideways scrolling at 375 px (failing the walk)", ""] + section(reflow, "###")
    lines += ["## To check by hand (axe: incomplete)", ""] + section(review, "###")
    report = folder / "axe-report.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")

    print(f"axe report: {report} ({len(audited)} page patterns audited)")
    for name, rule in violations:
        print(f"  {rule['impact']:<8} {name}: {len(rule['elements'])} element(s) on {len(rule['pages'])} page(s)")
    if not violations:
        print("  no violation")
    if reflow:
        print(f"  beyond axe, sideways scrolling at 375 px on: {', '.join(sorted(reflow[0][1]['pages']))}")
    if review:
        counts = ", ".join(f"{name} ({len(rule['elements'])})" for name, rule in review)
        print(f"  to check by hand (axe could not decide): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
