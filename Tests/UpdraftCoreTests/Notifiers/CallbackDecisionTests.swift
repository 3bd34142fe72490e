import Testing
import UpdraftCore

@Suite("Which callback fires (pure)")
struct CallbackDecisionTests {
    typealias Row = (old: TaskInstanceState?, new: TaskInstanceState, event: CallbackEvent?)
    static let rows: [(TaskInstanceState?, TaskInstanceState, CallbackEvent?)] = [
        (.running, .failed, .failure), (.queued, .failed, .failure), (.scheduled, .failed, .failure),
        (nil, .failed, .failure), (.running, .upForRetry, .retry), (.running, .success, .success),
        (.scheduled, .success, .success), (.running, .skipped, .skipped), (.queued, .skipped, .skipped),
        (.upForReschedule, .skipped, .skipped), (TaskInstanceState.none, .skipped, nil), (.scheduled, .skipped, nil),
        (TaskInstanceState.none, .upstreamFailed, nil), (TaskInstanceState.none, .scheduled, nil), (.scheduled, .queued, nil),
        (.queued, .running, nil), (.failed, .failed, nil), (.success, .success, nil), (TaskInstanceState.none, .removed, nil),
    ]

    @Test("task transitions", arguments: rows)
    func task(_ old: TaskInstanceState?, _ new: TaskInstanceState, _ event: CallbackEvent?) {
        #expect(CallbackDecision.taskEvent(from: old, to: new) == event)
    }

    @Test("a run fires once, when it ends")
    func run() {
        #expect(CallbackDecision.runEvent(from: .running, to: .success) == .success)
        #expect(CallbackDecision.runEvent(from: .running, to: .failed) == .failure)
        #expect(CallbackDecision.runEvent(from: .queued, to: .failed) == .failure)
        #expect(CallbackDecision.runEvent(from: .queued, to: .running) == nil)
        #expect(CallbackDecision.runEvent(from: .success, to: .success) == nil)
        #expect(CallbackDecision.runEvent(from: .success, to: .failed) == nil)
    }

    @Test("the notifiers come from the task's list for the event; none configured, none fired")
    func lists() throws {
        var options = TaskDefaults()
        options.callbacks = Callbacks([.failure: [.bash("echo f")]])
        let task = TaskSpec(taskId: "t", kind: .empty, options: options)
        #expect(CallbackDecision.notifiers(for: task, from: .running, to: .failed)?.notifiers == [.bash("echo f")])
        #expect(CallbackDecision.notifiers(for: task, from: .running, to: .success) == nil)
        var dag = Dag(dagId: "d")
        dag.callbacks[.success] = [.bash("echo ok")]
        #expect(CallbackDecision.notifiers(for: dag, from: .running, to: .success)?.event == .success)
        #expect(CallbackDecision.notifiers(for: dag, from: .running, to: .failed) == nil)
    }

    @Test("callback keys map to events")
    func keys() {
        #expect(CallbackEvent(key: "on_failure_callback") == .failure)
        #expect(CallbackEvent(key: "on_skipped_callback") == .skipped)
        #expect(CallbackEvent(key: "on_execute_callback") == nil)
        #expect(CallbackEvent.retry.key == "on_retry_callback")
    }
}
