import EnjeuCore

/// Diffs as accessible HTML tables: changed words wrapped in <mark>, +/− announced in text, not by colour alone.
extension CodeViews {
    static func diffSegments(_ line: DiffLine) -> [Node] {
        line.segments.map { seg in seg.changed ? el("mark") { seg.text } : text(seg.text) }
    }

    static func diffSign(_ kind: DiffLine.Kind) -> String {
        switch kind {
        case .context: " "
        case .removed: "−"
        case .added: "+"
        }
    }

    static func inlineDiff(_ lines: [DiffLine], _ l: Lang) -> Node {
        let shown = TextDiff.hunks(lines)
        if shown.isEmpty { return el("p", .cls("muted")) { l[CodeText.noDifference] } }
        return el("table", .cls("diff inline")) {
            tableHead(["−", "+", l[CodeText.inlineView]])
            el("tbody") {
                for line in shown {
                    if let line {
                        el("tr", .cls(line.kind.rawValue)) {
                            el("td", .cls("num")) { line.oldNumber.map(String.init) ?? "" }
                            el("td", .cls("num")) { line.newNumber.map(String.init) ?? "" }
                            el("td", .cls("code")) { el("span", .cls("sign")) { diffSign(line.kind) }; diffSegments(line) }
                        }
                    } else {
                        el("tr", .cls("skip")) { el("td", Attr("colspan", "3")) { "⋯" } }
                    }
                }
            }
        }
    }

    static func splitDiff(_ lines: [DiffLine], _ l: Lang, left: Text, right: Text) -> Node {
        let rows = TextDiff.split(lines)
        if !lines.contains(where: { $0.kind != .context }) { return el("p", .cls("muted")) { l[CodeText.noDifference] } }
        return el("table", .cls("diff split")) {
            tableHead([l[left], l[right]])
            el("tbody") {
                for row in rows {
                    el("tr") {
                        diffCell(row.left)
                        diffCell(row.right)
                    }
                }
            }
        }
    }

    static func diffCell(_ line: DiffLine?) -> Node {
        guard let line else { return el("td", .cls("code empty")) { "" } }
        return el("td", .cls("code " + line.kind.rawValue)) { el("span", .cls("sign")) { diffSign(line.kind) }; diffSegments(line) }
    }
}
