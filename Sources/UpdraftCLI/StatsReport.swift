import Foundation
import UpdraftProtocol

/// `updraft stats --json`: one snapshot of a stats reply as a JSON document (snake_case keys).
struct StatsReport: Codable, Sendable, Hashable {
    /// Traffic of one message type.
    struct TypeTraffic: Codable, Sendable, Hashable {
        var code: UInt32
        var msgsIn: UInt64
        var msgsOut: UInt64
        var bytesIn: UInt64
        var bytesOut: UInt64

        enum CodingKeys: String, CodingKey {
            case code
            case msgsIn = "msgs_in", msgsOut = "msgs_out", bytesIn = "bytes_in", bytesOut = "bytes_out"
        }
    }

    /// One socket.
    struct Socket: Codable, Sendable, Hashable {
        var name: String
        var type: String
        var endpoints: [String]
        var closed: Bool
        var msgsIn: UInt64
        var msgsOut: UInt64
        var bytesIn: UInt64
        var bytesOut: UInt64
        var sendFailures: UInt64
        var queueDepth: UInt64
        var queuedSends: UInt64
        var dropped: [String: UInt64]
        var messageTypes: [String: TypeTraffic]

        enum CodingKeys: String, CodingKey {
            case name, type, endpoints, closed, dropped
            case msgsIn = "msgs_in", msgsOut = "msgs_out", bytesIn = "bytes_in", bytesOut = "bytes_out"
            case sendFailures = "send_failures", queueDepth = "queue_depth", queuedSends = "queued_sends"
            case messageTypes = "message_types"
        }
    }

    var endpoint: String
    var process: String
    var collectedAt: String
    var sockets: [Socket]
    /// Per message type, summed over every socket.
    var messageTypes: [String: TypeTraffic]
    var droppedTotal: UInt64
    var gauges: [String: Double]

    enum CodingKeys: String, CodingKey {
        case endpoint, process, sockets, gauges
        case collectedAt = "collected_at", messageTypes = "message_types", droppedTotal = "dropped_total"
    }

    init(_ reply: WireStatsReply, endpoint: String) {
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
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
