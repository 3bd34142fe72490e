import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `GET /ui/log?dag_id&run_id&task_id&try&map_index[&before=N]`: the last ``chunk`` bytes of
/// a try's log before byte `before` (default: its end), as `{"start", "end", "size",
/// "content"}`. The grid's panel shows the tail first and asks for older parts on demand,
/// so a 50 MB log never travels whole; it then follows the log stream route from `end`.
enum LogTail {
    /// Bytes per answer.
    static let chunk = 64 * 1024

    struct Body: Encodable {
        var start: Int
        var end: Int
        var size: Int
        var content: String
    }

    /// Which bytes to read: `[start, end)` of a file of `size` bytes, ending at `before`
    /// (clamped to the file), at most `chunk` long. Pure, for tests.
    static func window(size: Int, before: Int?, chunk: Int = LogTail.chunk) -> Range<Int> {
        let end = min(max(before ?? size, 0), size)
        return max(0, end - chunk)..<end
    }

    static func answer(_ request: Request, _ backend: APIBackend) async throws -> Response {
        let q = request.uri.queryParameters
        func need(_ name: String) throws -> String {
            guard let v = q[Substring(name)].map(String.init), !v.isEmpty else { throw APIProblem.badRequest("missing query parameter '\(name)'") }
            try IdCheck.require(v, field: name)
            return v
        }
        let dagId = try need("dag_id"), runId = try need("run_id"), taskId = try need("task_id")
        let tryNumber = try RequestInput.int(request, "try", default: nil, in: 1...100_000)
        let mapIndex = try RequestInput.int(request, "map_index", default: -1, in: -1...Int(Int32.max)) ?? -1
        let before = try RequestInput.int(request, "before", default: nil, in: 0...Int.max)
        let ti = try await backend.requireInstance(dagId: dagId, runId: runId, taskId: taskId, mapIndex: mapIndex)
        let number = tryNumber ?? ti.tryNumber
        guard number >= 1, number <= ti.tryNumber else {
            throw APIProblem.notFound("task instance '\(ti.id)' has no try \(number)")
        }
        let file = backend.home.logFile(for: ti.id, tryNumber: number)
        let body: Body
        switch try await LogReader.read(file, inside: backend.home.logsFolder, range: { size in window(size: size, before: before) }) {
        case .bytes(let bytes, let start, let size):
            body = Body(start: start, end: start + bytes.count, size: size, content: String(decoding: bytes, as: UTF8.self))
        case .missing: body = Body(start: 0, end: 0, size: 0, content: "")
        case .outside: throw APIProblem.badRequest("the log path of '\(ti.id)' is outside the logs folder")
        }
        return try JSONResponse.make(body)
    }
}
