import Foundation
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

/// Turns a ready task instance into the `TaskDispatch` a worker runs: renders the command,
/// env and cwd with a ``TemplateContext`` (dates, params + conf, variables, item, try
/// number, the run's XCom values), and ships the XCom values the task reads inline (its
/// direct upstream's `return_value` plus every `ti.xcom_pull` in its templates).
///
/// Pure: no store, clock or socket. A render error (or a sensor task, which never reaches a worker) comes back as
/// ``Failure`` with a message for the try's error.
struct DispatchBuilder: Sendable {
    /// Why a task instance could not be turned into a dispatch.
    struct Failure: Error, Sendable, Equatable {
        var message: String
        /// true: the try fails (retry policy applies); false: the instance fails for good.
        var retryable: Bool
    }

    var maxInlineXComBytes: Int

    /// The dispatch of try `tryNumber` of `id`.
    func build(
        id: TaskInstanceID, tryNumber: Int, task: TaskSpec, plan: DagPlan, run: DagRunRecord,
        params: [String: JSONValue], paramsJSON: Data, variables: [String: String],
        connections: [String: Connection] = [:], xcoms: RunXComs
    ) -> Result<WireTaskDispatch, Failure> {
        var d = WireTaskDispatch()
        d.key = WireTaskInstanceKey.make(id, tryNumber: tryNumber)
        d.queue = task.queue
        d.pool = task.pool
        d.maxInlineXcomBytes = UInt32(clamping: maxInlineXComBytes)
        d.logicalDateUnixUs = Int64((run.logicalDate.timeIntervalSince1970 * 1_000_000).rounded())
        if let timeout = task.executionTimeout { d.executionTimeoutMs = UInt64(max(0, timeout.seconds)) * 1000 }

        // The item of a mapped instance.
        var item: JSONValue?
        if id.mapIndex >= 0 {
            switch task.expand {
            case .items(let list)?:
                guard id.mapIndex < list.count else {
                    return .failure(Failure(message: "map_index \(id.mapIndex) is past the \(list.count) item(s) of '\(task.taskId)'", retryable: false))
                }
                item = list[id.mapIndex]
            case .xcom(let source, let key)?:
                guard case .array(let list)? = xcoms.value(XComKey(taskId: source, key: key ?? XComKey.returnValue)),
                      id.mapIndex < list.count else {
                    return .failure(Failure(message: "no item \(id.mapIndex) in the XCom list of '\(source)' that '\(task.taskId)' is mapped over", retryable: false))
                }
                item = list[id.mapIndex]
            case nil:
                break
            }
        }
        if let item { d.mapItemJson = JSONText.data(item) }
        d.paramsJson = paramsJSON

        // XCom values the task reads: inline, and in the template context.
        var context = TemplateContext(
            dagId: id.dagId, taskId: id.taskId, runId: id.runId, logicalDate: run.logicalDate,
            dataIntervalStart: run.dataIntervalStart, dataIntervalEnd: run.dataIntervalEnd,
            params: params, variables: variables, conf: run.conf,
            mapItem: item, mapIndex: id.mapIndex >= 0 ? id.mapIndex : nil, tryNumber: tryNumber)
        context.connections = connections
        for key in plan.xcomInputs(of: task.taskId) {
            guard let value = xcoms.value(key) else { continue }
            context.xcom[key] = value
            var x = WireXComValue()
            x.taskID = key.taskId
            x.key = key.key
            x.mapIndex = -1
            x.json = JSONText.data(value)
            d.xcomInputs.append(x)
        }

        func render(_ text: String, _ field: String) -> Result<String, Failure> {
            do {
                return .success(try TemplateRenderer.render(text, context: context, location: TemplateLocation(taskId: task.taskId, field: field)))
            } catch {
                return .failure(Failure(message: "template error: \(error)", retryable: true))
            }
        }

        switch task.kind {
        case .bash(let bash), .branch(let bash):
            d.kind = task.kind.isBranch ? .branch : .bash
            switch render(bash.command, task.kind.isBranch ? "branch" : "bash") {
            case .success(let text): d.command = text
            case .failure(let f): return .failure(f)
            }
            d.skipOnExitCodes = bash.skipOnExitCodes.map { Int32(clamping: $0) }
        case .swift(let body):
            d.kind = .swiftClosure
            d.callable = body.name
        case .swiftBranch(let body):
            d.kind = .branch
            d.callable = body.name
        case .empty:
            d.kind = .empty
        case .sensor:
            // The scheduler runs sensors itself (Scheduler+Sensors.swift); never dispatched.
            return .failure(Failure(message: "a sensor task is never dispatched to a worker: the scheduler runs it", retryable: false))
        }
        for (name, value) in task.env {
            switch render(value, "env.\(name)") {
            case .success(let text): d.env[name] = text
            case .failure(let f): return .failure(f)
            }
        }
        for connId in task.connections {
            guard let connection = connections[connId] else {
                let variable = Connection.environmentName(for: connId)
                return .failure(Failure(
                    message: "connection '\(connId)' (in connections of '\(task.taskId)') is not defined: set \(variable) or run updraft connections add \(connId)",
                    retryable: true))
            }
            d.env[Connection.environmentName(for: connId)] = ConnectionURI.format(connection)
        }
        if let cwd = task.cwd {
            switch render(cwd, "cwd") {
            case .success(let text): d.cwd = text
            case .failure(let f): return .failure(f)
            }
        }
        return .success(d)
    }
}

extension WireTaskInstanceKey {
    /// The wire key of try `tryNumber` of `id`.
    static func make(_ id: TaskInstanceID, tryNumber: Int) -> WireTaskInstanceKey {
        var k = WireTaskInstanceKey()
        k.dagID = id.dagId
        k.runID = id.runId
        k.taskID = id.taskId
        k.mapIndex = Int32(clamping: id.mapIndex)
        k.tryNumber = UInt32(clamping: max(0, tryNumber))
        return k
    }

    /// The task instance this key names (without the try number).
    var instanceID: TaskInstanceID {
        TaskInstanceID(dagId: dagID, runId: runID, taskId: taskID, mapIndex: Int(mapIndex))
    }
}
