import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite("Worker runs Swift closures", .serialized)
struct WorkerSwiftTaskTests {
    static var registry: SwiftTaskRegistry {
        var registry = SwiftTaskRegistry()
        registry.register("dag.echo") { context in
            .object([
                "limit": context.params["limit"] ?? .null,
                "item": context.item ?? .null,
                "upstream": context.upstreamResults["extract"] ?? .null,
                "mapped": context.upstreamResults["shard"] ?? .null,
                "map_index": .int(Int64(context.mapIndex)),
                "try": .int(Int64(context.tryNumber)),
            ])
        }
        registry.register("dag.boom") { _ in
            struct Boom: Error, CustomStringConvertible { var description: String { "the warehouse is closed" } }
            throw Boom()
        }
        registry.register("dag.choose") { context in .array([.string("left"), .string("right")]) }
        registry.register("dag.wait") { _ in
            try await Task.sleep(for: .seconds(60))
            return nil
        }
        return registry
    }

    @Test("a closure sees params, its mapped item and upstream results; its value is return_value")
    func closureWithParamsAndItem() async throws {
        let h = try await WorkerHarness.start(swiftTasks: Self.registry)
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.swift("echo", callable: "dag.echo") {
            $0.key.mapIndex = 2
            $0.key.tryNumber = 3
            $0.paramsJson = Data(#"{"limit": 10}"#.utf8)
            $0.mapItemJson = Data(#""b.csv""#.utf8)
            $0.xcomInputs = [
                .with { $0.taskID = "extract"; $0.key = "return_value"; $0.mapIndex = -1; $0.json = Data("[1,2]".utf8) },
                .with { $0.taskID = "shard"; $0.key = "return_value"; $0.mapIndex = 1; $0.json = Data(#""s1""#.utf8) },
                .with { $0.taskID = "shard"; $0.key = "return_value"; $0.mapIndex = 0; $0.json = Data(#""s0""#.utf8) },
            ]
        }
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .success)
        #expect(!finished.hasExitCode)
        let json = String(decoding: finished.xcomOutputs.first?.json ?? Data(), as: UTF8.self)
        #expect(json == #"{"item":"b.csv","limit":10,"map_index":2,"mapped":["s0","s1"],"try":3,"upstream":[1,2]}"#)
        await h.stop()
    }

    @Test("a thrown error fails the try with its description and is logged on stderr")
    func thrownError() async throws {
        let h = try await WorkerHarness.start(swiftTasks: Self.registry)
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.swift("boom", callable: "dag.boom")
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "the warehouse is closed")
        let log = h.executor.logChunks(dispatch.key, .stderr).map { String(decoding: $0.data, as: UTF8.self) }.joined()
        #expect(log.contains("the warehouse is closed"))
        await h.stop()
    }

    @Test("an unknown callable fails, telling to run the worker from the DAG's binary")
    func unknownCallable() async throws {
        let h = try await WorkerHarness.start(swiftTasks: Self.registry)
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.swift("ghost", callable: "other.ghost")
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage
            == "unknown Swift task 'other.ghost' in this worker binary (run the worker from the binary that defines the DAG)")
        // Every accepted dispatch is reported started, then finished.
        #expect(try await h.executor.started(dispatch.key).pid == 0)
        await h.stop()
    }

    @Test("malformed params_json fails the try naming the field")
    func badParams() async throws {
        let h = try await WorkerHarness.start(swiftTasks: Self.registry)
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.swift("echo", callable: "dag.echo") { $0.paramsJson = Data("[1".utf8) }
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "params_json of the dispatch is not a JSON object: '[1'")
        await h.stop()
    }

    @Test("a Swift branch names the chosen tasks; a timeout cancels a closure")
    func branchAndTimeout() async throws {
        let h = try await WorkerHarness.start(swiftTasks: Self.registry)
        try await h.executor.welcome()
        let branch = WorkerDispatches.swift("choose", callable: "dag.choose") { $0.kind = .branch }
        let slow = WorkerDispatches.swift("wait", callable: "dag.wait") { $0.executionTimeoutMs = 200 }
        try await h.executor.send(.taskDispatch(branch))
        try await h.executor.send(.taskDispatch(slow))
        #expect(try await h.executor.finished(branch.key).chosenTaskIds == ["left", "right"])
        let timedOut = try await h.executor.finished(slow.key)
        #expect(timedOut.state == .failed)
        #expect(timedOut.errorMessage == "execution_timeout (0.2s) exceeded: cancelled the Swift task")
        await h.stop()
    }

    @Test("the registry built from DSL DAGs holds their Swift tasks and updraft.noop")
    func registryFromDags() {
        let task = TaskSpec(taskId: "extract", kind: .swift(SwiftTaskBody(name: "etl.extract") { _ in nil }))
        let dag = Dag(dagId: "etl", tasks: [task, TaskSpec(taskId: "load", kind: .bash(BashCommand(command: "true")))])
        let registry = SwiftTaskRegistry.from(dags: [dag])
        #expect(registry.callables == ["etl.extract", "updraft.noop"])
        #expect(registry["etl.extract"] != nil)
    }
}
