import Foundation
import Testing
import UpdraftProtocol
import UpdraftWire

/// A message missing what the runtime needs is refused on decode (malformed_body, naming
/// the field) and on encode.
@Suite("Required fields")
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let message: UpdraftMessage
        let problem: String
        var testDescription: String { "\(message.kind.name): \(problem)" }
    }

    static let key = MinimalMessages.key

    static func dispatch(_ change: (inout WireTaskDispatch) -> Void) -> UpdraftMessage {
        var d = WireTaskDispatch.with { $0.key = key; $0.kind = .bash; $0.command = "true" }
        change(&d)
        return .taskDispatch(d)
    }

    static func hello(_ change: (inout WireWorkerHello) -> Void) -> UpdraftMessage {
        guard case .workerHello(var h) = MinimalMessages.minimal(.workerHello) else { fatalError("not a hello") }
        change(&h)
        return .workerHello(h)
    }

    static let cases: [Case] = [
        Case(message: dispatch { $0.key.dagID = "" }, problem: "key.dag_id is empty"),
        Case(message: dispatch { $0.key.runID = "" }, problem: "key.run_id is empty"),
        Case(message: dispatch { $0.key.taskID = "" }, problem: "key.task_id is empty"),
        Case(message: dispatch { $0.key.tryNumber = 0 }, problem: "key.try_number is 0"),
        Case(message: dispatch { $0.key.mapIndex = -2 }, problem: "key.map_index is -2"),
        Case(message: dispatch { $0.clearKey() }, problem: "key is missing"),
        Case(message: dispatch { $0.kind = .unspecified }, problem: "kind is unspecified"),
        Case(message: dispatch { $0.command = "" }, problem: "command is empty"),
        Case(message: dispatch { $0.kind = .swiftClosure }, problem: "callable is empty"),
        Case(message: dispatch { $0.kind = .branch; $0.command = "" }, problem: "callable and command are both empty"),
        Case(message: dispatch { $0.env = ["": "x"] }, problem: "env has an empty variable name"),
        Case(message: dispatch { $0.xcomInputs = [.with { $0.key = "k" }] }, problem: "xcom_inputs[0].task_id is empty"),
        Case(message: hello { $0.workerID = "" }, problem: "worker_id is empty"),
        Case(message: hello { $0.queues = [] }, problem: "queues is empty"),
        Case(message: hello { $0.queues = ["a", ""] }, problem: "queues[1] is empty"),
        Case(message: hello { $0.capacity = 0 }, problem: "capacity is 0"),
        Case(message: hello { $0.minProtocolVersion = 0 }, problem: "min_protocol_version is 0"),
        Case(message: hello { $0.minProtocolVersion = 3; $0.maxProtocolVersion = 2 },
             problem: "min_protocol_version 3 exceeds max_protocol_version 2"),
        Case(message: .workerWelcome(.with { $0.workerID = "w"; $0.protocolVersion = 1; $0.heartbeatIntervalMs = 5 }),
             problem: "heartbeat_timeout_ms 0 is not above heartbeat_interval_ms 5"),
        Case(message: .workerReject(WireWorkerReject()), problem: "code is unspecified"),
        Case(message: .workerGoodbye(WireWorkerGoodbye()), problem: "worker_id is empty"),
        Case(message: .heartbeat(.with { $0.senderID = "w"; $0.running = [key, WireTaskInstanceKey()] }),
             problem: "running[1].dag_id is empty"),
        Case(message: .taskStarted(WireTaskStarted()), problem: "key is missing"),
        Case(message: .taskLogChunk(.with { $0.key = key }), problem: "stream is unspecified"),
        Case(message: .taskFinished(.with { $0.key = key; $0.state = .running }),
             problem: "state running is not one a finished task reports"),
        Case(message: .taskFinished(.with { $0.key = key }), problem: "state unspecified is not one"),
        Case(message: .taskCancel(.with { $0.key.taskID = "t" }), problem: "key.dag_id is empty"),
        Case(message: .stateChangeEvent(.with { $0.dagID = "d"; $0.runID = "r" }), problem: "entity is unspecified"),
        Case(message: .stateChangeEvent(.with { $0.entity = .taskInstance; $0.dagID = "d"; $0.runID = "r"; $0.newTaskState = .queued }),
             problem: "task_id is empty"),
        Case(message: .stateChangeEvent(.with { $0.entity = .dagRun; $0.dagID = "d"; $0.runID = "r" }),
             problem: "new_run_state is unspecified"),
    ]

    @Test("decoding refuses the message with malformed_body naming the field", arguments: cases)
    func decodeRefuses(testCase: Case) throws {
        let body: [UInt8] = try testCase.message.payload.serializedBytes()
        do {
            let decoded = try UpdraftCodec().decodeBody(body, type: testCase.message.kind.rawValue)
            Issue.record("decoded \(decoded.kind.name) although \(testCase.problem)")
        } catch {
            #expect(error.code == .malformedBody)
            #expect(error.message.hasPrefix(testCase.message.kind.name + ": "))
            #expect(error.message.contains(testCase.problem), "\(error.message)")
        }
    }

    @Test("encoding refuses it too, before anything is sent", arguments: cases)
    func encodeRefuses(testCase: Case) {
        #expect(throws: FrameError.self) { try UpdraftCodec().encodeBody(testCase.message) }
    }

    @Test("all problems are reported in one pass")
    func allProblemsAtOnce() {
        let problems = WireTaskDispatch().problems
        #expect(problems == ["key is missing", "kind is unspecified"])
        let hello = WireWorkerHello().problems
        #expect(hello.count == 4)
    }

    @Test("the states a finished task may report")
    func reportableStates() throws {
        for state in [WireTaskState.success, .failed, .skipped, .upForRetry, .upForReschedule] {
            let message = UpdraftMessage.taskFinished(.with { $0.key = Self.key; $0.state = state })
            #expect(try UpdraftCodec().encodeBody(message).count > 0)
        }
    }

    @Test("a dispatch kind from a newer protocol passes, for the worker to fail the task clearly")
    func unrecognizedKindPasses() throws {
        let message = Self.dispatch { $0.kind = .UNRECOGNIZED(9) }
        let body = try UpdraftCodec().encodeBody(message)
        #expect(try UpdraftCodec().decodeBody(body, type: MessageKind.taskDispatch.rawValue) == message)
    }
}
