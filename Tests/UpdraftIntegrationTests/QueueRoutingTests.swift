import Foundation
import Testing
import UpdraftCore

/// A task with `queue: heavy` runs only on the worker serving `heavy`; the others run on
/// the worker serving `default` (the store records which worker ran each try).
@Suite("Integration: queues", .timeLimit(.minutes(2)))
struct QueueRoutingTests {
    static let dag = """
        dag_id: it_queues
        schedule: null
        tasks:
          - task_id: light_a
            bash: "echo light a"
          - task_id: light_b
            bash: "echo light b"
          - task_id: crunch
            bash: "echo heavy work"
            queue: heavy
            upstream: [light_a]
          - task_id: light_c
            bash: "echo light c"
            upstream: [crunch]
        """

    @Test("queue: heavy → only the heavy worker; default tasks → the default worker")
    func heavyTaskRunsOnHeavyWorker() async throws {
        try await withCluster("queues", dags: ["queues.yml": Self.dag]) { cluster in
            try cluster.startScheduler()
            try cluster.startWorker(id: "default-worker", queues: ["default"])
            try cluster.startWorker(id: "heavy-worker", queues: ["heavy"])
            try await cluster.waitForDag("it_queues")
            let runId = try await cluster.trigger("it_queues")
            let run = try await cluster.waitForRun("it_queues", runId)
            let tis = try await cluster.taskInstances("it_queues", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            #expect(tis["crunch"]?.workerId == "heavy-worker")
            #expect(tis["crunch"]?.queue == "heavy")
            for light in ["light_a", "light_b", "light_c"] {
                #expect(tis[light]?.workerId == "default-worker", "\(light) ran on \(tis[light]?.workerId ?? "-")")
            }
        }
    }
}
