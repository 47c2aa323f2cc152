import Vapor
import EnjeuCore
import EnjeuWeb

/// A CSV document built in memory and sent as a download. The cells are written by `CSVText` (EnjeuCore): every text
/// cell quoted and neutralised after any separator; numbers bare. Streamed exports write `CSVText.line` themselves.
struct CSV {
    typealias Cell = CSVText.Cell
    private var out: String

    init(header: [String]) { out = CSVText.header(header) }

    mutating func row(_ cells: [Cell]) { out += CSVText.line(cells) }

    static func headers(filename: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return headers
    }

    func response(filename: String) -> Response {
        Response(status: .ok, headers: Self.headers(filename: filename), body: .init(string: out))
    }
}
