import Foundation
import UpdraftProtocol
import UpdraftWire

/// Turns the wire layer's `SocketStatistics` and a gauge map into a `stats_reply`
/// (`Protocols/PROTOCOL.md` §10). Pure.
public enum StatsReplyBuilder {
    /// The reply to request `requestID` from `process` ("scheduler@host:pid").
    public static func reply(
        requestID: UInt64, process: String, sockets: [SocketStatistics], gauges: [String: Double],
        collectedAt: Date = Date()
    ) -> WireStatsReply {
        var reply = WireStatsReply()
        reply.requestID = requestID
        reply.process = process
        reply.collectedAtUnixUs = Int64(collectedAt.timeIntervalSince1970 * 1_000_000)
        reply.sockets = sockets.map(socket)
        reply.gauges = gauges
        return reply
    }

    /// One socket's counters, message types sorted by type code.
    public static func socket(_ stats: SocketStatistics) -> WireSocketStats {
        var socket = WireSocketStats()
        socket.name = stats.name
        socket.socketType = stats.kind
        socket.endpoints = stats.endpoints
        socket.msgsIn = UInt64(max(0, stats.messagesIn))
        socket.msgsOut = UInt64(max(0, stats.messagesOut))
        socket.bytesIn = UInt64(max(0, stats.bytesIn))
        socket.bytesOut = UInt64(max(0, stats.bytesOut))
        socket.malformedByCode = stats.dropped.mapValues { UInt64(max(0, $0)) }
        socket.sendFailures = UInt64(max(0, stats.sendFailures))
        socket.closed = stats.isClosed
        socket.queueDepth = UInt64(max(0, stats.queueDepth))
        socket.queuedSends = UInt64(max(0, stats.queuedSends))
        socket.messageTypes = stats.byType.map { name, traffic in
            var type = WireMessageTypeStats()
            type.typeName = name
            type.typeCode = UInt32(MessageKind(name: name)?.code ?? 0)
            type.msgsIn = UInt64(max(0, traffic.messagesIn))
            type.msgsOut = UInt64(max(0, traffic.messagesOut))
            type.bytesIn = UInt64(max(0, traffic.bytesIn))
            type.bytesOut = UInt64(max(0, traffic.bytesOut))
            return type
        }.sorted { ($0.typeCode, $0.typeName) < ($1.typeCode, $1.typeName) }
        return socket
    }
}
