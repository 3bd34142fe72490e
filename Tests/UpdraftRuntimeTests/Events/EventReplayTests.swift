import Foundation
import Logging
import Synchronization
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// The event bus replays a DAG's state to a subscriber of its topic (and again when it
/// re-subscribes, as libzmq does on reconnect), never overtaking a live change.
@Suite("Event bus: state replay on subscription", .timeLimit(.minutes(1)))
struct EventReplayTests {
    /// Opens once; waiters before and after get through.
    actor Gate {
        private var open = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func release() {
            open = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    static let date = Date(timeIntervalSince1970: 1_780_000_000)

    static func report(_ task: String, _ state: TaskInstanceState) -> WireStateChangeEvent {
        .task(TaskInstanceID(dagId: "d", runId: "r1", taskId: task), tryNumber: 1, from: state, to: state,
              logicalDate: date, at: date)
    }

    /// The bus on a free tcp port, and a SUB port of the same loop connected to it.
    static func bus(_ loop: MessageLoop) async throws -> (EventPublisher, WirePort<UpdraftCodec>) {
        let bus = try await EventPublisher(loop: loop, endpoints: ["tcp://127.0.0.1:0"], logger: Logger(label: "replay-test"))
        let sub = try await loop.connect(.sub, try #require(await bus.endpoints.first), codec: UpdraftCodec())
        return (bus, sub)
    }

    /// The next `count` state-change events on `sub`.
    static func receive(_ count: Int, from sub: WirePort<UpdraftCodec>) async throws -> [WireStateChangeEvent] {
        var events: [WireStateChangeEvent] = []
        for await batch in sub.inbox {
            for envelope in batch {
                if case .stateChangeEvent(let event) = envelope.message { events.append(event) }
            }
            if events.count >= count { break }
        }
        return events
    }

    @Test("subscribing to a DAG's topic replays its state as reports; subscribing again replays it again")
    func replayOnSubscribe() async throws {
        let loop = MessageLoop(name: "replay")
        let (bus, sub) = try await Self.bus(loop)
        let asked = Mutex<[String]>([])
        try await bus.replayState { dagId in
            asked.withLock { $0.append(dagId) }
            return [Self.report("publish", .success)]
        }
        try await sub.subscribe(EventPublisher.topic("d"))
        let first = try await Self.receive(1, from: sub)
        #expect(first.map(\.taskID) == ["publish"])
        #expect(first.first?.oldTaskState == .success && first.first?.newTaskState == .success)
        // A reconnecting SUB sends its subscription again: the state comes again.
        try await sub.unsubscribe(EventPublisher.topic("d"))
        try await sub.subscribe(EventPublisher.topic("d"))
        let second = try await Self.receive(1, from: sub)
        #expect(second.first?.sequence ?? 0 > first.first?.sequence ?? 0)
        // A subscription to everything (""), or to a prefix that is not a DAG topic (no 0x1F
        // separator), names no DAG: nothing is replayed for it.
        try await sub.subscribe("")
        try await sub.subscribe("d")
        try await Task.sleep(for: .milliseconds(100))
        #expect(asked.withLock { $0 } == ["d", "d"])
        #expect(await bus.replayedEvents == 2)
        await bus.close()
        await loop.shutdown()
    }

    @Test("an instance that changes while the snapshot is read is left out of the replay")
    func liveChangeWins() async throws {
        let loop = MessageLoop(name: "replay-race")
        let (bus, sub) = try await Self.bus(loop)
        let reading = Gate(), proceed = Gate()
        try await bus.replayState { _ in
            await reading.release()
            await proceed.wait()
            // Read before the live change below: `publish` still running here.
            return [Self.report("publish", .running), Self.report("other", .success)]
        }
        try await sub.subscribe(EventPublisher.topic("d"))
        await reading.wait()
        var live = Self.report("publish", .success)
        live.oldTaskState = .running
        await bus.publish([live])
        await proceed.release()
        let events = try await Self.receive(2, from: sub)
        #expect(events.map(\.taskID) == ["publish", "other"])
        #expect(events.first?.newTaskState == .success && events.first?.oldTaskState == .running)
        #expect(events.last?.oldTaskState == .success && events.last?.newTaskState == .success)
        await bus.close()
        await loop.shutdown()
    }

    @Test("the replay holds each of the latest runs and every one of their task instances")
    func currentStateFromStore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-replay-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("updraft.db").path)
        try await store.syncDags([DagRecord(dagId: "d", fileLocation: "/dev/null")])
        var batch = StoreBatch()
        batch.dagRuns = [DagRunRecord(dagId: "d", runId: "r1", logicalDate: Self.date, dataIntervalStart: Self.date,
                                      dataIntervalEnd: Self.date, state: .running, runType: .manual, queuedAt: Self.date)]
        batch.taskInstances = [
            TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r1", taskId: "a"), state: .success, tryNumber: 1, maxTries: 1),
            TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r1", taskId: "b"), state: .running, tryNumber: 2, maxTries: 3),
        ]
        try await store.commit(batch)
        let reports = await EventReplay.currentState(of: "d", in: store, logger: Logger(label: "replay-test"))
        #expect(reports.count == 3)
        let run = try #require(reports.first { $0.entity == .dagRun })
        #expect(run.runID == "r1" && run.oldRunState == .running && run.newRunState == .running)
        let tasks = reports.filter { $0.entity == .taskInstance }.sorted { $0.taskID < $1.taskID }
        #expect(tasks.map(\.taskID) == ["a", "b"])
        #expect(tasks.map(\.newTaskState) == [.success, .running])
        #expect(tasks.allSatisfy { $0.oldTaskState == $0.newTaskState && $0.logicalDateUnixUs == microseconds(Self.date) })
        #expect(tasks.last?.tryNumber == 2)
        #expect(await EventReplay.currentState(of: "unknown", in: store, logger: Logger(label: "replay-test")).isEmpty)
    }
}
