import Foundation
import UpdraftCore
import UpdraftProtocol

/// Runs a `swift_closure` dispatch (or a `branch` with a callable): looks the callable up
/// in the ``SwiftTaskRegistry``, builds a `TaskContext` from the dispatch (`params_json`,
/// `map_item_json`, `return_value` XCom inputs as `upstreamResults`), runs it, and returns
/// its value as the `return_value` XCom (a branch's value also names the chosen tasks).
/// A thrown error fails the try with its description (also written to the try's stderr log).
enum SwiftClosureRunner {
    static func run(_ context: TryContext, registry: SwiftTaskRegistry) async -> TryOutcome {
        let dispatch = context.dispatch
        guard let body = registry[dispatch.callable] else {
            return await context.failedBeforeStart(
                "unknown Swift task '\(dispatch.callable)' in this worker binary (run the worker from the binary that defines the DAG)")
        }
        let taskContext: TaskContext
        do throws(XComFailure) {
            taskContext = try makeTaskContext(dispatch)
        } catch {
            return await context.failedBeforeStart(error.message)
        }
        await context.emit([context.started(pid: 0, at: context.configuration.clock.date)])
        // Unstructured: so a stop request can cancel the closure while this call waits for it.
        let work = Task { try await body.run(taskContext) }
        context.control.onStop { _ in work.cancel() }
        let timeout = context.control.armTimeout(milliseconds: dispatch.executionTimeoutMs)
        let result = await work.result
        timeout?.cancel()
        if let reason = context.control.reason {
            return .failed(reason.message(processGroup: false))
        }
        switch result {
        case .success(let value):
            do throws(XComFailure) {
                let collector = XComCollector(
                    taskId: dispatch.key.taskID, mapIndex: dispatch.key.mapIndex, maxInlineBytes: context.maxInlineXComBytes)
                let xcom = try collector.collect(returned: value)
                let chosen = try dispatch.kind == .branch ? BranchChoice.parse(value: value) : []
                return .success(xcom: xcom, chosen: chosen)
            } catch {
                return .failed(error.message)
            }
        case .failure(let error):
            let message = String(describing: error)
            await context.emit([.taskLogChunk(.with {
                $0.key = dispatch.key
                $0.stream = .stderr
                $0.sequence = 0
                $0.data = Data("Swift task '\(dispatch.callable)' threw: \(message)\n".utf8)
            })])
            return .failed(message)
        }
    }

    /// The closure's context; throws a sentence naming the dispatch field that is not valid JSON.
    static func makeTaskContext(_ dispatch: WireTaskDispatch) throws(XComFailure) -> TaskContext {
        let decoder = JSONDecoder()
        var params: [String: JSONValue] = [:]
        if !dispatch.paramsJson.isEmpty {
            guard let object = try? decoder.decode([String: JSONValue].self, from: dispatch.paramsJson) else {
                throw XComFailure(message: "params_json of the dispatch is not a JSON object: \(preview(dispatch.paramsJson))")
            }
            params = object
        }
        var item: JSONValue?
        if !dispatch.mapItemJson.isEmpty {
            guard let value = try? decoder.decode(JSONValue.self, from: dispatch.mapItemJson) else {
                throw XComFailure(message: "map_item_json of the dispatch is not valid JSON: \(preview(dispatch.mapItemJson))")
            }
            item = value
        }
        var singles: [String: JSONValue] = [:]
        var mapped: [String: [(Int32, JSONValue)]] = [:]
        for (index, input) in dispatch.xcomInputs.enumerated() where input.key == XComCollector.returnValueKey {
            guard let value = try? decoder.decode(JSONValue.self, from: input.json) else {
                throw XComFailure(message: "xcom_inputs[\(index)] (task '\(input.taskID)') is not valid JSON: \(preview(input.json))")
            }
            if input.mapIndex < 0 { singles[input.taskID] = value } else { mapped[input.taskID, default: []].append((input.mapIndex, value)) }
        }
        var upstream = singles
        for (taskId, values) in mapped {
            upstream[taskId] = .array(values.sorted { $0.0 < $1.0 }.map(\.1))
        }
        let key = dispatch.key
        return TaskContext(
            dagId: key.dagID, taskId: key.taskID, runId: key.runID,
            logicalDate: Date(timeIntervalSince1970: Double(dispatch.logicalDateUnixUs) / 1_000_000),
            mapIndex: Int(key.mapIndex), tryNumber: Int(key.tryNumber), params: params, item: item,
            upstreamResults: upstream)
    }

    private static func preview(_ data: Data) -> String {
        let text = String(decoding: data.prefix(120), as: UTF8.self)
        return data.count > 120 ? "'\(text)…' (\(data.count) bytes)" : "'\(text)'"
    }
}
