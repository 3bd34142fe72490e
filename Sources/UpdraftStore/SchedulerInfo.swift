import Foundation

/// What a running scheduler writes to ``UpdraftHome/schedulerInfoFile`` so that CLI
/// commands can find it: its pid and the ZeroMQ endpoints it serves.
public struct SchedulerInfo: Codable, Sendable, Hashable {
    /// The scheduler's process id.
    public var pid: Int32
    /// Where workers connect (the executor's ROUTER).
    public var executorEndpoint: String
    /// The event bus (PUB): state changes, topics prefixed by dag_id.
    public var eventsEndpoint: String
    /// The stats endpoint, when served.
    public var statsEndpoint: String?
    /// When the scheduler started.
    public var startedAt: Date
    /// `standalone` or `scheduler`.
    public var mode: String
    /// The Z85 CURVE public key of its tcp/ipc sockets; nil when it serves plaintext
    /// (`--insecure-plaintext`). This home's tools connect with `curve/client.key`.
    public var curveServerKey: String?

    /// A scheduler info.
    public init(pid: Int32, executorEndpoint: String, eventsEndpoint: String, statsEndpoint: String? = nil,
                startedAt: Date, mode: String, curveServerKey: String? = nil) {
        self.curveServerKey = curveServerKey
        self.pid = pid
        self.executorEndpoint = executorEndpoint
        self.eventsEndpoint = eventsEndpoint
        self.statsEndpoint = statsEndpoint
        self.startedAt = startedAt
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey {
        case pid, mode
        case executorEndpoint = "executor_endpoint"
        case eventsEndpoint = "events_endpoint"
        case statsEndpoint = "stats_endpoint"
        case startedAt = "started_at"
        case curveServerKey = "curve_server_key"
    }

    /// Reads the file; nil when it does not exist. A file that is not a scheduler info
    /// throws ``StoreError`` `corruptRow` naming the file.
    public static func read(from url: URL) throws -> SchedulerInfo? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return nil }
            throw StoreError(.cannotOpen, "cannot read: \(error.localizedDescription)", context: url.path)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(SchedulerInfo.self, from: data)
        } catch {
            throw StoreError(.corruptRow, "not a scheduler info JSON file: \(Self.describe(error))", context: url.path)
        }
    }

    /// Writes the file atomically (creating its folder), readable as pretty JSON.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            (context.codingPath.map(\.stringValue).joined(separator: ".") + " " + context.debugDescription)
                .trimmingCharacters(in: .whitespaces)
        default: "\(error)"
        }
    }
}
