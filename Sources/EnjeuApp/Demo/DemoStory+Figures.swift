import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// #ChiffresEnsemble: datasets, indicators and the values members contribute with their sources (each recomputing
/// its estimate as the page's form does), then the flags members raise on values out of line.
extension DemoStory {
    func gatherFigures() async throws {
        var datasets: [String: UUID] = [:]
        try await inTurns(\.figures.datasets) { place, d in
            let s = try await act(d.author, in: place.slug)
            datasets["\(place.slug)|\(d.name)"] = try await FiguresService(s.context).createDataset(s.place, name: d.name, description: d.description)
        }
        let all = { (place: DemoWorld.Place) in
            place.figures.datasets.flatMap { d in d.indicators.map { (d.name as String?, $0) } } + place.figures.indicators.map { (nil, $0) }
        }
        try await inTurns(all) { place, entry in
            try await gather(entry.1, in: place, dataset: entry.0.flatMap { datasets["\(place.slug)|\($0)"] })
        }
    }

    private func gather(_ i: DemoWorld.Indicator, in place: DemoWorld.Place, dataset: UUID?) async throws {
        let s = try await act(i.author, in: place.slug)
        let id = try await FiguresService(s.context).createIndicator(s.place, .init(name: i.name, definition: i.definition, unit: i.unit, period: i.period,
                                                                                   place: i.place, tags: i.tags, scale: nil, dataset: dataset))
        var given: [String: UUID] = [:]
        for v in i.values {
            let c = try await act(v.by, in: place.slug)
            // Read again each time: a contribution records the consensus it was given against.
            guard let indicator = try await FiguresQueries(c.context).indicator(c.place.id, id) else { throw DemoWorld.Problem("\(i.name) vanished") }
            given[v.by] = try await FiguresService(c.context).contribute(c.place, indicator, .init(value: v.value, unit: v.unit, source: v.source,
                                                                                                   observedOn: today, comment: v.comment))
        }
        for f in i.flags ?? [] {
            guard let target = given[f.on] else { throw DemoWorld.Problem("\(place.slug): @\(f.on) gave no value on « \(i.name) »") }
            let c = try await act(f.by, in: place.slug)
            _ = try await FiguresService(c.context).flag(c.place, contributionID: target, .init(reason: f.reason, correctedValue: f.corrected, source: nil))
        }
    }
}
