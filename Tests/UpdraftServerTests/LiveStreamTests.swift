import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftRuntime
import UpdraftServer
import UpdraftStore
import UpdraftWire

/// `GET /events` over a real event bus (an ``EventPublisher`` on tcp://127.0.0.1, as the
/// scheduler binds it) and `GET .../logs/{try}/stream` over a growing log file.
@Suite("API: live streams (SSE)")
struct LiveStreamTests {
    /// A bus on a free tcp port, and the fixture's server reading it.
    static func withBus(_ body: (APIFixture, EventPublisher) async throws -> Void) async throws {
        let loop = MessageLoop(name: "test-bus")
        let bus = try await EventPublisher(loop: loop, endpoints: ["tcp://127.0.0.1:0"], logger: Logger(label: "test"))
        let endpoint = await bus.endpoints[0]
        let fixture = try await APIFixture.start(eventsEndpoint: endpoint)
        do {
            try await body(fixture, bus)
        } catch {
            await fixture.stop()
            await bus.close()
            await loop.shutdown()
            throw error
        }
        await fixture.stop()
        await bus.close()
        await loop.shutdown()
    }

    static func change(_ dagId: String, _ taskId: String, _ from: TaskInstanceState, _ to: TaskInstanceState) -> WireStateChangeEvent {
        var event = WireStateChangeEvent()
        event.entity = .taskInstance
        event.dagID = dagId
        event.runID = APIFixture.runningRun
        event.taskID = taskId
        event.mapIndex = -1
        event.tryNumber = 1
        event.oldTaskState = from.wire
        event.newTaskState = to.wire
        event.timestampUnixUs = Int64(APIFixture.now.timeIntervalSince1970 * 1_000_000)
        return event
    }

    /// Publishes `event` until `client` reads one (the SUB socket joins the bus a few ms after
    /// the stream opens), returning what it read.
    static func firstEvent(_ client: SSEClient, bus: EventPublisher, _ event: WireStateChangeEvent) async -> SSEEvent? {
        for _ in 0..<100 {
            await bus.publish([event])
            if let read = await client.next(timeout: .milliseconds(50)) { return read }
        }
        return nil
    }

    @Test("events of the DAG asked for arrive as SSE (id = bus sequence), other DAGs' do not")
    func liveEvents() async throws {
        try await Self.withBus { fixture, bus in
            let client = try await SSEClient(port: fixture.port, path: "/events?dag_id=etl")
            defer { client.close() }
            #expect(client.status == 200 && client.headers["content-type"] == "text/event-stream")
            let first = try #require(await Self.firstEvent(client, bus: bus, Self.change("etl", "transform", .none, .queued)))
            #expect(first.event == "task_instance")
            #expect(first.object["task_id"] as? String == "transform" && first.object["state"] as? String == "queued")
            #expect(first.object["previous_state"] is NSNull && first.object["dag_run_id"] as? String == APIFixture.runningRun)
            while await client.next(timeout: .milliseconds(100)) != nil {}  // duplicates of the joining loop
            await bus.publish([Self.change("idle", "only", .none, .queued), Self.change("etl", "transform", .queued, .running)])
            var next = try #require(await client.next())
            // A late duplicate of the joining loop (a loaded machine delivers it after the drain).
            while next.object["state"] as? String == "queued", next.object["task_id"] as? String == "transform" {
                next = try #require(await client.next())
            }
            #expect(next.object["state"] as? String == "running" && next.object["dag_id"] as? String == "etl")
            #expect(UInt64(next.id ?? "") == (await bus.lastSequence))
        }
    }

    @Test("Last-Event-ID: the events missed are sent first; an id the server cannot serve gets the store's state")
    func reconnect() async throws {
        try await Self.withBus { fixture, bus in
            let client = try await SSEClient(port: fixture.port, path: "/events")
            let first = try #require(await Self.firstEvent(client, bus: bus, Self.change("etl", "load", .none, .scheduled)))
            client.close()
            let seen = UInt64(first.id ?? "") ?? 0
            await bus.publish([Self.change("etl", "load", .scheduled, .queued), Self.change("idle", "only", .none, .queued),
                               Self.change("etl", "load", .queued, .running)])
            try await Task.sleep(for: .milliseconds(200))
            let again = try await SSEClient(port: fixture.port, path: "/events?dag_id=etl", headers: ["Last-Event-ID": String(seen)])
            defer { again.close() }
            var states: [String] = []
            while let event = await again.next(timeout: .milliseconds(500)) { states.append(event.object["state"] as? String ?? "?") }
            #expect(Array(states.suffix(2)) == ["queued", "running"], "\(states)")
            // An id from before a restart (or too old): the store's state of the DAG's runs.
            let stale = try await SSEClient(port: fixture.port, path: "/events?dag_id=etl", headers: ["Last-Event-ID": "999999"])
            defer { stale.close() }
            var reports: [SSEEvent] = []
            while let event = await stale.next(timeout: .milliseconds(500)) { reports.append(event) }
            #expect(reports.count == 10, "2 runs and 8 task instances: \(reports.map(\.data))")
            #expect(reports.filter { $0.event == "dag_run" }.count == 2)
            #expect(reports.allSatisfy { $0.object["state"] as? String == $0.object["previous_state"] as? String || $0.object["state"] is NSNull })
        }
    }

    @Test("bad input: malformed Last-Event-ID is a 400, an unknown DAG a 404; with users, no credentials is a 401")
    func badInput() async throws {
        try await Self.withBus { fixture, _ in
            let bad = try await SSEClient(port: fixture.port, path: "/events", headers: ["Last-Event-ID": "abc"])
            #expect(bad.status == 400 && (bad.headers["body"] ?? "").contains("Last-Event-ID"))
            bad.close()
            let unknown = try await SSEClient(port: fixture.port, path: "/events?dag_id=nope")
            #expect(unknown.status == 404)
            unknown.close()
        }
        try await withAPI(auth: .users) { fixture, _ in
            let refused = try await SSEClient(port: fixture.port, path: "/events")
            #expect(refused.status == 401)
            refused.close()
        }
    }

    @Test("a running try's log is followed as it grows, then `end` once the try finished; Last-Event-ID resumes at a byte offset")
    func followLog() async throws {
        try await withAPI { fixture, _ in
            let id = TaskInstanceID(dagId: "etl", runId: APIFixture.runningRun, taskId: "extract")
            let file = fixture.home.logFile(for: id, tryNumber: 1)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "line 1\n".write(to: file, atomically: true, encoding: .utf8)
            let path = "/dags/etl/dagRuns/\(APIFixture.runningRun)/taskInstances/extract/logs/1/stream"
            let client = try await SSEClient(port: fixture.port, path: path)
            defer { client.close() }
            let first = try #require(await client.next())
            #expect(first.event == "log" && first.object["content"] as? String == "line 1\n" && first.id == "7")
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("line 2\n".utf8))
            try handle.close()
            let second = try #require(await client.next())
            #expect(second.object["content"] as? String == "line 2\n" && second.object["offset"] as? Int == 7 && second.id == "14")
            var batch = StoreBatch()
            var done = APIFixture.ti(APIFixture.runningRun, "extract", .success)
            done.hostname = "host-a"
            batch.taskInstances = [done]
            try await fixture.store.commit(batch)
            let end = try #require(await client.next())
            #expect(end.event == "end" && end.object["state"] as? String == "success" && end.object["next_offset"] as? Int == 14)
            #expect(await client.next(timeout: .seconds(2)) == nil)
            // Resume from byte 7 of the finished try: the rest, then end.
            let resumed = try await SSEClient(port: fixture.port, path: path, headers: ["Last-Event-ID": "7"])
            defer { resumed.close() }
            #expect(await resumed.next()?.object["content"] as? String == "line 2\n")
            #expect(await resumed.next()?.event == "end")
            // Bad input.
            let bad = try await SSEClient(port: fixture.port, path: "/dags/etl/dagRuns/\(APIFixture.runningRun)/taskInstances/extract/logs/0/stream")
            #expect(bad.status == 400)
            bad.close()
            let missing = try await SSEClient(port: fixture.port, path: "/dags/etl/dagRuns/\(APIFixture.runningRun)/taskInstances/extract/logs/5/stream")
            #expect(missing.status == 404)
            missing.close()
        }
    }
}
