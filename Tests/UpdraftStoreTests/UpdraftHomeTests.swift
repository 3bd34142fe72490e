import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("UpdraftHome and SchedulerInfo")
struct UpdraftHomeTests {
    @Test("--home, else $UPDRAFT_HOME, else ~/.updraft")
    func resolution() {
        let env = ["UPDRAFT_HOME": "/srv/up", "HOME": "/home/me"]
        #expect(UpdraftHome.resolve(explicit: "/h", environment: env).root.path == "/h")
        #expect(UpdraftHome.resolve(explicit: nil, environment: env).root.path == "/srv/up")
        #expect(UpdraftHome.resolve(explicit: nil, environment: ["HOME": "/home/me"]).root.path == "/home/me/.updraft")
        #expect(UpdraftHome.resolve(explicit: nil, environment: ["UPDRAFT_HOME": "", "HOME": "/u"]).root.path == "/u/.updraft")
    }

    @Test("database, scheduler file and log paths")
    func paths() {
        let home = UpdraftHome(root: URL(fileURLWithPath: "/h"))
        #expect(home.databasePath == "/h/updraft.db")
        #expect(home.schedulerInfoFile.path == "/h/scheduler.json")
        #expect(home.logsFolder.path == "/h/logs")
        let id = TaskInstanceID(dagId: "etl", runId: "manual__2026-11-01T00:00:00+00:00", taskId: "group.load")
        #expect(home.logFile(for: id, tryNumber: 2).path
                == "/h/logs/dag_id=etl/run_id=manual__2026-11-01T00:00:00+00:00/task_id=group.load/attempt=2.log")
        let mapped = TaskInstanceID(dagId: "etl", runId: "r", taskId: "t", mapIndex: 4)
        #expect(home.logFile(for: mapped, tryNumber: 1).path == "/h/logs/dag_id=etl/run_id=r/task_id=t/map_index=4/attempt=1.log")
        let sneaky = TaskInstanceID(dagId: "..", runId: "a/b", taskId: "t")
        #expect(home.logFile(for: sneaky, tryNumber: 1).path == "/h/logs/dag_id=__/run_id=a_b/task_id=t/attempt=1.log")
    }

    @Test("SchedulerInfo round-trips through its file; a missing file is nil")
    func schedulerInfo() throws {
        let file = try StoreFixtures.temporaryFolder().appendingPathComponent("sub/scheduler.json")
        #expect(try SchedulerInfo.read(from: file) == nil)
        let info = SchedulerInfo(pid: 4242, executorEndpoint: "tcp://127.0.0.1:5555", eventsEndpoint: "tcp://127.0.0.1:5556",
                                 statsEndpoint: nil, startedAt: Date(timeIntervalSince1970: 1_793_491_200), mode: "standalone")
        try info.write(to: file)
        #expect(try SchedulerInfo.read(from: file) == info)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(#""executor_endpoint" : "tcp://127.0.0.1:5555""#))
        #expect(text.contains(#""started_at" : "2026-11-01T00:00:00Z""#))
    }

    @Test("a broken scheduler file is an error naming the file and the problem")
    func brokenSchedulerInfo() throws {
        let file = try StoreFixtures.temporaryFolder().appendingPathComponent("scheduler.json")
        try Data(#"{"pid": 1}"#.utf8).write(to: file)
        let error = #expect(throws: StoreError.self) { _ = try SchedulerInfo.read(from: file) }
        #expect(error?.context == file.path)
        #expect(error?.message.contains("missing key") == true)
    }
}
