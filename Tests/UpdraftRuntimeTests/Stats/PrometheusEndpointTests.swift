#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite("Prometheus endpoint")
struct PrometheusEndpointTests {
    func sampleReply() -> WireStatsReply {
        var socket = WireSocketStats()
        socket.name = "executor ROUTER"
        socket.socketType = "ROUTER"
        var type = WireMessageTypeStats()
        type.typeName = "task_dispatch"
        type.typeCode = 30
        type.msgsOut = 12
        type.bytesOut = 3400
        socket.messageTypes = [type]
        socket.malformedByCode = ["malformed_body": 2]
        var reply = WireStatsReply()
        reply.sockets = [socket]
        reply.gauges = [
            "executor.succeeded": 10, "executor.failed": 1, "executor.failed_by_executor": 2,
            "executor.queued.default": 3, "executor.queued.heavy": 4, "executor.pool_queued.db": 5,
            "pool.open_slots.db": 1, "workers.capacity": 8, "workers.busy_slots": 6,
            "latency.queued_to_started.p50_ms": 1.5, "autoscaler.spawned": 4,
            "zap.refused": 6, "executor.access_refused_hellos": 2, "executor.fenced_task_messages": 3,
        ]
        return reply
    }

    @Test("Airflow-like names with their values and labels")
    func names() {
        let text = PrometheusExporter.render(sampleReply())
        for line in [
            "updraft_ti_successes_total 10", "updraft_ti_failures_total 3", "updraft_executor_queued_tasks 7.0",
            #"updraft_security_rejections_total{kind="handshake"} 6"#, #"updraft_security_rejections_total{kind="hello"} 2"#,
            #"updraft_security_rejections_total{kind="fenced"} 3"#, #"updraft_security_rejections_total{kind="revoked"} 0"#,
            #"updraft_queue_queued_tasks{queue="heavy"} 4.0"#, #"updraft_pool_queued_slots{pool="db"} 5.0"#,
            #"updraft_pool_open_slots{pool="db"} 1.0"#, "updraft_executor_open_slots 2.0",
            #"updraft_ti_queued_to_started_seconds{quantile="0.5"} 0.0015"#, "updraft_autoscaler_spawned_total 4",
            #"updraft_wire_messages_total{socket="executor ROUTER",type="task_dispatch",direction="out"} 12"#,
            #"updraft_wire_dropped_frames_total{socket="executor ROUTER",code="malformed_body"} 2"#,
            "# TYPE updraft_ti_successes_total counter",
        ] {
            #expect(text.contains(line + "\n"), "missing: \(line)")
        }
    }

    @Test("GET /metrics serves the text; bad requests get 4xx with a message")
    func http() async throws {
        let server = try MetricsHTTPServer(port: 0) { "updraft_test_metric 1\n" }
        let ok = try await Self.exchange(port: server.port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(ok.contains("text/plain; version=0.0.4"))
        #expect(ok.hasSuffix("\r\n\r\nupdraft_test_metric 1\n"))
        let post = try await Self.exchange(port: server.port, "POST /metrics HTTP/1.1\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(post.contains("Allow: GET, HEAD"))
        #expect(post.contains("method POST is not allowed: use GET /metrics"))
        let missing = try await Self.exchange(port: server.port, "GET /other HTTP/1.1\r\n\r\n")
        #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(missing.contains("no such path '/other': metrics are at /metrics"))
        let garbage = try await Self.exchange(port: server.port, "\u{01}\u{02} nonsense\r\n\r\n")
        #expect(garbage.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(garbage.contains("malformed request line"))
        await server.stop()
    }

    @Test("binding a bad address fails with a message naming it")
    func badAddress() {
        #expect(throws: MetricsServerError.self) { try MetricsHTTPServer(host: "not-an-ip", port: 0) { "" } }
    }

    /// Sends `request` and reads the whole answer, on a dedicated thread (blocking socket calls).
    static func exchange(port: Int, _ request: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else {
                    continuation.resume(throwing: POSIXError(.ECONNREFUSED))
                    return
                }
                let bytes = Array(request.utf8)
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
                var answer: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    answer += buffer[0..<n]
                }
                continuation.resume(returning: String(decoding: answer, as: UTF8.self))
            }.start()
        }
    }
}
