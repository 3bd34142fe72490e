import Foundation
import UpdraftBrowser
import Testing
import UpdraftCore
import UpdraftStore

/// One scheduler per SQLite home, with real processes: while `updraft scheduler` runs on a
/// home, a second `updraft scheduler` and an `updraft standalone` on that home (each on
/// endpoints of its own, so only the lock can stop them) exit non-zero with an error
/// naming the home and the first one's pid, and change nothing; CLI commands keep working;
/// once the first is SIGKILLed the kernel has dropped its lock and a new scheduler starts.
@Suite("Integration: one scheduler per home", .timeLimit(.minutes(3)))
struct SchedulerLockTests {
    static let dag = """
        dag_id: it_scheduler_lock
        schedule: null
        tasks:
          - task_id: hello
            bash: "echo hello"
        """

    @Test("a second scheduler or standalone on a home in use is refused; CLI commands work; SIGKILL frees the home")
    func secondSchedulerRefused() async throws {
        try await withCluster("scheduler-lock", dags: ["lock.yml": Self.dag]) { cluster in
            let first = try cluster.startScheduler(name: "scheduler-1")
            let home = UpdraftHome.resolve(explicit: cluster.home)
            let info = try await cluster.waitFor("scheduler.json of the first scheduler") {
                try SchedulerInfo.read(from: home.schedulerInfoFile).flatMap { $0.pid == first.pid ? $0 : nil }
            }
            let infoBytes = try Data(contentsOf: home.schedulerInfoFile)
            try await cluster.waitForDag("it_scheduler_lock")

            let expected = "error: another scheduler (pid \(first.pid)) is running on home \(home.root.path); "
                + "one scheduler per SQLite home (stop it first)"
            let intruders = [
                ("scheduler-2", ["scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
                                 "--executor-endpoint", LoopbackPort.endpoint(), "--events-endpoint", LoopbackPort.endpoint()]),
                ("standalone", ["standalone", "--home", cluster.home, "--dags-folder", cluster.dagsFolder]),
            ]
            for (name, arguments) in intruders {
                let intruder = try cluster.start(name, arguments)
                // The refusal takes milliseconds; the deadline is generous (a loaded machine).
                let status = await intruder.waitForExit(timeout: .seconds(30))
                try await cluster.require(status != nil, "\(name) still runs beside the first scheduler")
                #expect(status != 0, "\(name) exited \(status.map(String.init) ?? "-")")
                #expect(intruder.stderr.contains(expected), "\(name) stderr: \(intruder.stderr)")
                #expect(!intruder.stdout.contains("running (pid"), "\(name) started: \(intruder.stdout)")
                #expect(try Data(contentsOf: home.schedulerInfoFile) == infoBytes, "\(name) rewrote scheduler.json")
            }
            #expect(first.exitStatus == nil, "the first scheduler stopped")
            #expect(HomeLock.recordedHolder(of: home) == first.pid)

            // Commands that only read or write the store take no lock.
            try cluster.startWorker(id: "wa")
            let runId = try await cluster.trigger("it_scheduler_lock")
            let run = try await cluster.waitForRun("it_scheduler_lock", runId)
            #expect(run.state == .success)
            let list = try await cluster.run(["runs", "list", "it_scheduler_lock", "--home", cluster.home])
            #expect(list.status == 0, "runs list: \(list.err)")
            #expect(list.out.contains(runId))

            // SIGKILL: nothing removes the lock file, the kernel releases the lock.
            first.signal(SIGKILL)
            try await cluster.require(await first.waitForExit(timeout: .seconds(30)) != nil, "SIGKILL did not end scheduler-1")
            let next = try cluster.startScheduler(name: "scheduler-3")
            _ = try await cluster.waitFor("scheduler-3 to write scheduler.json") {
                try SchedulerInfo.read(from: home.schedulerInfoFile).flatMap { $0.pid == next.pid ? $0 : nil }
            }
            #expect(next.exitStatus == nil)
            #expect(HomeLock.recordedHolder(of: home) == next.pid)
            #expect(info.pid != next.pid)
        }
    }
}
