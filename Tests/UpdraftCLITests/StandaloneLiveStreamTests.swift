import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import UpdraftCLI

/// The live streams against a real `updraft standalone` (scheduler, executor, spawned workers).
@Suite("HTTP API live streams on a real standalone")
struct StandaloneLiveStreamTests {
    @Test("trigger fanout_tables with a conf over HTTP, follow its events over SSE until success, then stream a try's log")
    func triggerAndFollow() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let process = try LiveProcess(["standalone", "--home", home, "--dags-folder", CLIPaths.examples, "--api-port", "0",
                                       "--executor-endpoint", "tcp://127.0.0.1:0", "--events-endpoint", "tcp://127.0.0.1:0"])
        let url = try await process.apiURL()
        let port = Int(url.split(separator: ":").last ?? "") ?? 0
        // scheduler.json (the bus endpoint) is written once the runtime runs: wait for it.
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: home + "/scheduler.json"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let events = try await SSEClient(port: port, path: "/events?dag_id=fanout_tables")
        defer { events.close() }
        #expect(events.status == 200)
        try await Task.sleep(for: .milliseconds(500))  // the SUB socket joins the bus
        var request = URLRequest(url: URL(string: url + "/api/v1/dags/fanout_tables/dagRuns")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"dag_run_id": "sse_run", "conf": {"limit": 5}}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        var seen: [String] = []
        var succeeded = false
        while let event = await events.next(timeout: .seconds(90)) {
            guard event.object["dag_run_id"] as? String == "sse_run" else { continue }
            seen.append("\(event.event ?? "")/\(event.object["task_id"] as? String ?? "")/\(event.object["state"] as? String ?? "-")")
            if event.event == "dag_run", event.object["state"] as? String == "success" {
                succeeded = true
                break
            }
        }
        #expect(succeeded, "\(seen) \(process.output.suffix(2000))")
        #expect(seen.contains("task_instance/copy/running") && seen.contains("task_instance/summary/success"), "\(seen)")
        let log = try await SSEClient(port: port, path: "/dags/fanout_tables/dagRuns/sse_run/taskInstances/copy/logs/1/stream?map_index=0")
        defer { log.close() }
        var text = ""
        var end: SSEEvent?
        while let event = await log.next() {
            if event.event == "end" { end = event; break }
            text += event.object["content"] as? String ?? ""
        }
        #expect(text.contains("copying table users"), "\(text)")
        #expect(end?.object["state"] as? String == "success")
        #expect(try await process.interruptAndWait() == 0, "\(process.output.suffix(2000))")
    }
}
