import Foundation
import UpdraftProtocol

/// `updraft stats --json` and `GET /api/v1/stats`: one snapshot of a stats reply as a JSON
/// document (snake_case keys).
public struct StatsReport: Codable, Sendable, Hashable {
    /// Traffic of one message type.
    public struct TypeTraffic: Codable, Sendable, Hashable {
        public var code: UInt32
        public var msgsIn: UInt64
        public var msgsOut: UInt64
        public var bytesIn: UInt64
        public var bytesOut: UInt64

        enum CodingKeys: String, CodingKey {
            case code
            case msgsIn = "msgs_in", msgsOut = "msgs_out", bytesIn = "bytes_in", bytesOut = "bytes_out"
        }
    }

    /// One socket.
    public struct Socket: Codable, Sendable, Hashable {
        public var name: String
        public var type: String
        public var endpoints: [String]
        public var closed: Bool
        public var msgsIn: UInt64
        public var msgsOut: UInt64
        public var bytesIn: UInt64
        public var bytesOut: UInt64
        public var sendFailures: UInt64
        public var queueDepth: UInt64
        public var queuedSends: UInt64
        public var dropped: [String: UInt64]
        public var messageTypes: [String: TypeTraffic]

        enum CodingKeys: String, CodingKey {
            case name, type, endpoints, closed, dropped
            case msgsIn = "msgs_in", msgsOut = "msgs_out", bytesIn = "bytes_in", bytesOut = "bytes_out"
            case sendFailures = "send_failures", queueDepth = "queue_depth", queuedSends = "queued_sends"
            case messageTypes = "message_types"
        }
    }

    /// The endpoint asked.
    public var endpoint: String
    public var process: String
    public var collectedAt: String
    public var sockets: [Socket]
    /// Per message type, summed over every socket.
    public var messageTypes: [String: TypeTraffic]
    public var droppedTotal: UInt64
    public var gauges: [String: Double]

    enum CodingKeys: String, CodingKey {
        case endpoint, process, sockets, gauges
        case collectedAt = "collected_at", messageTypes = "message_types", droppedTotal = "dropped_total"
    }

    /// The report of `reply`, read from `endpoint`.
    public init(_ reply: WireStatsReply, endpoint: String) {
        self.endpoint = endpoint
        process = reply.process
        let date = Date(timeIntervalSince1970: Double(reply.collectedAtUnixUs) / 1_000_000)
        collectedAt = date.formatted(.iso8601)
        sockets = reply.sockets.map { socket in
            Socket(
                name: socket.name, type: socket.socketType, endpoints: socket.endpoints, closed: socket.closed,
                msgsIn: socket.msgsIn, msgsOut: socket.msgsOut, bytesIn: socket.bytesIn, bytesOut: socket.bytesOut,
                sendFailures: socket.sendFailures, queueDepth: socket.queueDepth, queuedSends: socket.queuedSends,
                dropped: socket.malformedByCode,
                messageTypes: Dictionary(socket.messageTypes.map { ($0.typeName, Self.traffic($0)) }) { a, _ in a })
        }
        var totals: [String: TypeTraffic] = [:]
        for socket in reply.sockets {
            for type in socket.messageTypes {
                var sum = totals[type.typeName] ?? TypeTraffic(code: type.typeCode, msgsIn: 0, msgsOut: 0, bytesIn: 0, bytesOut: 0)
                sum.msgsIn += type.msgsIn
                sum.msgsOut += type.msgsOut
                sum.bytesIn += type.bytesIn
                sum.bytesOut += type.bytesOut
                totals[type.typeName] = sum
            }
        }
        messageTypes = totals
        droppedTotal = reply.sockets.reduce(0) { $0 + $1.malformedByCode.values.reduce(0, +) }
        gauges = reply.gauges
    }

    private static func traffic(_ type: WireMessageTypeStats) -> TypeTraffic {
        TypeTraffic(code: type.typeCode, msgsIn: type.msgsIn, msgsOut: type.msgsOut, bytesIn: type.bytesIn, bytesOut: type.bytesOut)
    }

    /// Pretty JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
