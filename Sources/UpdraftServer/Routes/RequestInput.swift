import Foundation
import Hummingbird

/// Path and query values of a request, each checked, a 400 naming the bad one.
enum RequestInput {
    /// A path parameter, percent-decoded.
    static func path(_ context: BasicRequestContext, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name) else { throw APIProblem.badRequest("missing path parameter '\(name)'") }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIProblem.badRequest("path parameter '\(name)' is not valid percent-encoding: '\(raw)'")
        }
        return decoded
    }

    /// An integer query parameter within `range`, `fallback` when absent.
    static func int(_ request: Request, _ name: String, default fallback: Int? = nil,
                    in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw APIProblem.badRequest("query parameter '\(name)' must be an integer in "
                + "\(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// A boolean query parameter (`true` or `false`), nil when absent.
    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIProblem.badRequest("query parameter '\(name)' must be true or false, not '\(text)'")
        }
    }

    /// Every value of a repeatable query parameter (`?tags=a&tags=b`; a comma list counts too).
    static func list(_ request: Request, _ name: String) -> [String] {
        request.uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
    }

    /// `limit` (1...1000, default 100) and `offset` (0 or more, default 0).
    static func page(_ request: Request) throws -> (limit: Int, offset: Int) {
        (try int(request, "limit", default: 100, in: 1...1000) ?? 100,
         try int(request, "offset", default: 0, in: 0...Int(Int32.max)) ?? 0)
    }

    /// `items[offset..<offset+limit]`.
    static func slice<T>(_ items: [T], _ page: (limit: Int, offset: Int)) -> [T] {
        guard page.offset < items.count else { return [] }
        return Array(items[page.offset..<min(items.count, page.offset + page.limit)])
    }
}
