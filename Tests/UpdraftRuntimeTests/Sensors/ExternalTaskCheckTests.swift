import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

@Suite("external_task decision")
struct ExternalTaskCheckTests {
    let day = Date(timeIntervalSince1970: 1_800_000_000)

    func event(_ task: String, _ state: TaskInstanceState, at date: Date, dag: String = "up", map: Int = -1) -> WireStateChangeEvent {
        .task(TaskInstanceID(dagId: dag, runId: "r", taskId: task, mapIndex: map), tryNumber: 1, from: nil, to: state,
              logicalDate: date, at: Date())
    }

    @Test("all listed tasks must reach an allowed state; other logical dates and DAGs are ignored")
    func allTasks() {
        var c = ExternalTaskCheck(target: ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["a", "b"]),
                                  logicalDate: day, resolvedTaskIds: [], softFail: false)
        do { let applied = c.apply(event("a", .success, at: day)); #expect(applied) }
        #expect(c.verdict() == nil)
        do { let applied = c.apply(event("b", .success, at: day.addingTimeInterval(86_400))); #expect(!applied) }
        do { let applied = c.apply(event("b", .success, at: day, dag: "other")); #expect(!applied) }
        #expect(c.verdict() == nil)
        c.apply(event("b", .success, at: day))
        #expect(c.verdict() == .success)
    }

    @Test("execution_delta looks at the run that many seconds earlier")
    func executionDelta() {
        var c = ExternalTaskCheck(target: ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["a"], executionDelta: TimeSpan(seconds: 3600)),
                                  logicalDate: day, resolvedTaskIds: [], softFail: false)
        do { let applied = c.apply(event("a", .success, at: day)); #expect(!applied) }
        do { let applied = c.apply(event("a", .success, at: day.addingTimeInterval(-3600))); #expect(applied) }
        #expect(c.verdict() == .success)
    }

    @Test("a task group: every instance of its tasks, mapped ones included")
    func group() {
        var c = ExternalTaskCheck(target: ExternalTaskTarget(externalDagId: "up", externalTaskGroupId: "load"),
                                  logicalDate: day, resolvedTaskIds: ["load.x", "load.y"], softFail: false)
        c.apply(event("load.x", .success, at: day, map: 0))
        c.apply(event("load.x", .running, at: day, map: 1))
        c.apply(event("load.y", .success, at: day))
        #expect(c.verdict() == nil)
        c.apply(event("load.x", .success, at: day, map: 1))
        #expect(c.verdict() == .success)
    }

    @Test("skipped_states skip; failed_states fail, or skip with soft_fail")
    func failedAndSkipped() {
        let target = ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["a"], failedStates: [.failed], skippedStates: [.skipped])
        var c = ExternalTaskCheck(target: target, logicalDate: day, resolvedTaskIds: [], softFail: false)
        c.apply(event("a", .skipped, at: day))
        guard case .skipped? = c.verdict() else { Issue.record("expected skipped"); return }
        c.apply(event("a", .failed, at: day))
        guard case .failed(let message)? = c.verdict() else { Issue.record("expected failed"); return }
        #expect(message.contains("DAG 'up'"))
        var soft = ExternalTaskCheck(target: target, logicalDate: day, resolvedTaskIds: [], softFail: true)
        soft.apply(event("a", .failed, at: day))
        guard case .skipped? = soft.verdict() else { Issue.record("expected skipped with soft_fail"); return }
    }

    @Test("no task ids: the DAG run's state decides")
    func wholeRun() {
        var c = ExternalTaskCheck(target: ExternalTaskTarget(externalDagId: "up"), logicalDate: day, resolvedTaskIds: [], softFail: false)
        do { let applied = c.apply(event("a", .success, at: day)); #expect(!applied) }
        c.load(run: DagRunRecord(dagId: "up", runId: "r", logicalDate: day, dataIntervalStart: day, dataIntervalEnd: day,
                                 state: .running, runType: .manual, queuedAt: day), instances: [])
        #expect(c.verdict() == nil)
        do { let applied = c.apply(.run(dagId: "up", runId: "r", from: .running, to: .success, logicalDate: day, at: Date())); #expect(applied) }
        #expect(c.verdict() == .success)
    }
}
