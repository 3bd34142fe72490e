import Foundation
import UpdraftProtocol
import UpdraftRuntime

/// The compact table `updraft stats --watch` redraws: sockets, message types (totals and
/// per second since the previous snapshot), queues and pools, workers, latencies. Pure:
/// tests render it from made-up replies.
enum StatsDashboard {
    /// ANSI: cursor home, clear screen.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    /// The lines for `reply`; rates when `previous` is given (seconds between them from
    /// their collection times).
    static func render(_ reply: WireStatsReply, previous: WireStatsReply?, endpoint: String) -> [String] {
        let elapsed = previous.map { Double(reply.collectedAtUnixUs - $0.collectedAtUnixUs) / 1_000_000 } ?? 0
        func rate(_ now: UInt64, _ before: UInt64?) -> String {
            guard let before, elapsed > 0, now >= before else { return "-" }
            return format(Double(now - before) / elapsed)
        }
        let stamp = Date(timeIntervalSince1970: Double(reply.collectedAtUnixUs) / 1_000_000).formatted(.iso8601)
        var lines = ["updraft stats  \(reply.process)  \(endpoint)  \(stamp)  (Ctrl-C to quit)", ""]
        var sockets = [["SOCKET", "KIND", "MSGS IN", "MSGS OUT", "IN/S", "OUT/S", "BYTES IN", "BYTES OUT", "DROPPED", "QUEUED"]]
        let before = Dictionary((previous?.sockets ?? []).map { ($0.name, $0) }) { a, _ in a }
        for socket in reply.sockets where !socket.closed {
            let old = before[socket.name]
            sockets.append([
                socket.name, socket.socketType, "\(socket.msgsIn)", "\(socket.msgsOut)",
                rate(socket.msgsIn, old?.msgsIn), rate(socket.msgsOut, old?.msgsOut),
                bytes(socket.bytesIn), bytes(socket.bytesOut),
                "\(socket.malformedByCode.values.reduce(0, +))", "\(socket.queueDepth)",
            ])
        }
        lines += table(sockets)
        lines.append("")
        let now = StatsReport(reply, endpoint: endpoint).messageTypes
        let then = previous.map { StatsReport($0, endpoint: endpoint).messageTypes } ?? [:]
        var types = [["MESSAGE TYPE", "IN", "OUT", "IN/S", "OUT/S"]]
        for (name, traffic) in now.sorted(by: { ($0.value.code, $0.key) < ($1.value.code, $1.key) }) {
            types.append([name, "\(traffic.msgsIn)", "\(traffic.msgsOut)",
                          rate(traffic.msgsIn, then[name]?.msgsIn), rate(traffic.msgsOut, then[name]?.msgsOut)])
        }
        lines += table(types)
        lines.append("")
        let g = reply.gauges
        func value(_ key: String) -> Int { Int(g[key] ?? 0) }
        let queued = g.filter { $0.key.hasPrefix("executor.queued.") }.sorted { $0.key < $1.key }
            .map { "\($0.key.dropFirst("executor.queued.".count))=\(Int($0.value))" }
        let pools = g.filter { $0.key.hasPrefix("executor.pool_queued.") }.sorted { $0.key < $1.key }
            .map { "\($0.key.dropFirst("executor.pool_queued.".count))=\(Int($0.value))" }
        let open = g.filter { $0.key.hasPrefix("pool.open_slots.") }.sorted { $0.key < $1.key }
            .map { "\($0.key.dropFirst("pool.open_slots.".count))=\(Int($0.value))/\(value("pool.slots.\($0.key.dropFirst("pool.open_slots.".count))"))" }
        if !open.isEmpty { lines.append("pools     open slots: \(open.joined(separator: " "))") }
        lines.append("queued    by queue: \(queued.isEmpty ? "none" : queued.joined(separator: " "))   by pool: \(pools.isEmpty ? "none" : pools.joined(separator: " "))   running: \(value("executor.running"))")
        lines.append("workers   registered \(value("workers.registered"))  busy \(value("workers.busy_slots"))/\(value("workers.capacity")) slots  draining \(value("workers.draining"))  lost \(value("executor.lost_workers"))")
        lines.append("spawned   \(value("autoscaler.spawned"))  starting \(value("autoscaler.spawning"))  retired \(value("autoscaler.retired"))  lost \(value("autoscaler.lost"))  failed spawns \(value("autoscaler.spawn_failures"))")
        lines.append("tries     succeeded \(value("executor.succeeded"))  failed \(value("executor.failed") + value("executor.failed_by_executor"))  dispatched \(value("executor.dispatched"))")
        lines.append("notify    sent \(value("notifications.sent"))  failed \(value("notifications.failed"))  retried \(value("notifications.retried"))  pending \(value("notifications.pending"))")
        for (label, key) in [("queued→started", "latency.queued_to_started"), ("end→downstream", "latency.handoff"), ("sensor reaction", "latency.sensor_reaction")] {
            guard let p50 = g["\(key).p50_ms"] else {
                lines.append("latency   \(label): no samples")
                continue
            }
            lines.append("latency   \(label): p50 \(format(p50)) ms  p90 \(format(g["\(key).p90_ms"] ?? 0)) ms  p99 \(format(g["\(key).p99_ms"] ?? 0)) ms  (n=\(value("\(key).count")))")
        }
        return lines
    }

    static func table(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func bytes(_ count: UInt64) -> String {
        switch count {
        case ..<10_000: "\(count) B"
        case ..<10_000_000: "\(count / 1024) KiB"
        default: "\(count / (1024 * 1024)) MiB"
        }
    }
}
