import Foundation
import EnjeuCore

/// A section names itself in blame URLs by its stored key (`/blame/raison-d-etre`).
extension SectionKey: PathValue { package var pathSegment: String { rawValue } }

/// The page routes of the #CodeSocial, declared once: the app registers them, views link to them.
package enum CodeEndpoints {
    /// The document at its head revision; `#section` anchors each section.
    package static let document = Endpoint<String>(.GET, "/communities/:slug/code", gate: .community(.readCode), name: "code.document")
    /// `?after=` pages the history.
    package static let history = Endpoint<String>(.GET, "/communities/:slug/code/history", gate: .community(.readCode), name: "code.history")
    /// `?view=split` shows the diff side by side.
    package static let revision = Endpoint<String, Int>(.GET, "/communities/:slug/code/revisions/:n", gate: .community(.readCode),
                                                        name: "code.revision")
    /// `?from=&to=` (and `view=split`) compare any two revisions.
    package static let diff = Endpoint<String>(.GET, "/communities/:slug/code/diff", gate: .community(.readCode), name: "code.diff")
    package static let blame = Endpoint<String, SectionKey>(.GET, "/communities/:slug/code/blame/:section", gate: .community(.readCode),
                                                           name: "code.blame")

    /// `?status=` filters, `?after=` pages.
    package static let amendments = Endpoint<String>(.GET, "/communities/:slug/code/amendments", gate: .community(.readCode),
                                                     name: "code.amendments")
    /// `?section=` opens that section, `?fact=` starts from a contesting fact.
    package static let newAmendment = Endpoint<String>(.GET, "/communities/:slug/code/amendments/new", gate: .community(.contribute),
                                                       name: "code.amendment.new")
    package static let propose = Endpoint<String>(.POST, "/communities/:slug/code/amendments", gate: .community(.contribute),
                                                  name: "code.amendment.propose")
    /// `?view=split` shows the proposed change side by side.
    package static let amendment = Endpoint<String, UUID>(.GET, "/communities/:slug/code/amendments/:id", gate: .community(.readCode),
                                                          name: "code.amendment")
    package static let reviseForm = Endpoint<String, UUID>(.GET, "/communities/:slug/code/amendments/:id/revise", gate: .community(.contribute),
                                                           name: "code.amendment.edit")
    package static let revise = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/revise", gate: .community(.contribute),
                                                       name: "code.amendment.revise")
    package static let position = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/positions", gate: .community(.contribute),
                                                         name: "code.amendment.position")
    package static let comment = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/comments", gate: .community(.contribute),
                                                        name: "code.amendment.comment")
    package static let withdraw = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/withdraw", gate: .community(.contribute),
                                                         name: "code.amendment.withdraw")
    package static let decide = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/decide", gate: .community(.steward),
                                                       name: "code.amendment.decide")

    package static let addFact = Endpoint<String>(.POST, "/communities/:slug/code/facts", gate: .community(.contribute), name: "code.fact.add")
    package static let diagnose = Endpoint<String>(.POST, "/communities/:slug/code/diagnosis", gate: .community(.contribute),
                                                   name: "code.diagnosis.rate")
    package static let settings = Endpoint<String>(.GET, "/communities/:slug/code/settings", gate: .community(.steward), name: "code.settings")
    package static let saveSettings = Endpoint<String>(.POST, "/communities/:slug/code/settings", gate: .community(.steward),
                                                       name: "code.settings.save")

    package static let exportMarkdown = Endpoint<String>(.GET, "/communities/:slug/code/export.md", gate: .community(.readCode),
                                                         name: "code.export.markdown")
    package static let exportJSON = Endpoint<String>(.GET, "/communities/:slug/code/export.json", gate: .community(.readCode),
                                                     name: "code.export.json")
    package static let exportGit = Endpoint<String>(.GET, "/communities/:slug/code/export.git-fast-import", gate: .community(.readCode),
                                                    name: "code.export.git")
}
