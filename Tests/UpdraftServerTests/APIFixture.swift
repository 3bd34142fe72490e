import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import UpdraftCore
import UpdraftLoader
import UpdraftServer
import UpdraftStore

/// A real ``APIServer`` on 127.0.0.1 (a free port) over a real SQLite store in a new
/// temporary home, seeded with two DAGs, runs, task instances, an XCom and log files; and
/// a real HTTP client (URLSession) to talk to it.
///
/// Seed:
/// - `etl` (file `dags/etl.yml`, `@daily`, tags etl+example): extract -> transform -> load,
///   extract -> audit. Run `scheduled__…T00` success: extract success (2 tries, both logs),
///   transform success, load failed, audit upstream_failed, XCom `return_value` of extract.
///   Run `manual__…T06` running: extract running, transform/load/audit none.
/// - `idle` (file `dags/idle.yml`, no schedule, tag other): paused, no runs.
/// - An import error for `dags/broken.yml`.
struct APIFixture: Sendable {
    let home: UpdraftHome
    let store: SQLiteStore
    let port: Int
    let serverTask: Task<Void, any Error>

    static let finishedRun = "scheduled__2026-11-01T00:00:00+00:00"
    static let runningRun = "manual__2026-11-01T06:00:00+00:00"
    static let now = Date(timeIntervalSince1970: 1_793_534_400)  // 2026-11-01T12:00:00Z

    /// Starts the server (authentication off unless `auth` says otherwise); call ``stop()`` at the end.
    static func start(auth: APIAuthMode = .none, eventsEndpoint: String? = nil, statsEndpoint: String? = nil) async throws -> APIFixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("dags"), withIntermediateDirectories: true)
        let home = UpdraftHome(root: root)
        let store = try SQLiteStore(path: home.databasePath)
        try await seed(home: home, store: store)
        let catalog = DagCatalog { record in
            guard let file = record.fileLocation, case .success(let dag) = DagBag.loadFile(at: file) else { return nil }
            return dag
        }
        let server = try APIServer(host: "127.0.0.1", port: 0,
                                   backend: APIBackend(store: store, home: home, catalog: catalog, eventsEndpoint: eventsEndpoint,
                                                      statsEndpoint: statsEndpoint, now: { now }), auth: auth)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw FixtureError("server did not start") }
        return APIFixture(home: home, store: store, port: port, serverTask: task)
    }

    /// Stops the server and removes the home.
    func stop() async {
        serverTask.cancel()
        _ = await serverTask.result
        try? FileManager.default.removeItem(at: home.root)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    // MARK: seed

    static let etlYAML = """
        dag_id: etl
        description: Extract, transform, load
        schedule: "@daily"
        start_date: 2026-01-01
        catchup: false
        tags: [etl, example]
        tasks:
          - task_id: extract
            bash: "echo extract"
          - task_id: transform
            bash: "echo transform"
            upstream: [extract]
          - task_id: load
            bash: "echo load"
            upstream: [transform]
          - task_id: audit
            bash: "echo audit"
            upstream: [extract]
        """

    static let idleYAML = """
        dag_id: idle
        schedule: null
        tags: [other]
        tasks:
          - task_id: only
            empty: true
        """

    static func date(hours: Double) -> Date { Date(timeIntervalSince1970: 1_793_491_200 + hours * 3600) }

    static func run(_ runId: String, hours: Double, state: DagRunState, type: DagRunType) -> DagRunRecord {
        DagRunRecord(dagId: "etl", runId: runId, logicalDate: date(hours: hours), dataIntervalStart: date(hours: hours - 24),
                     dataIntervalEnd: date(hours: hours), state: state, runType: type, conf: ["limit": .int(5)],
                     queuedAt: date(hours: hours), startDate: date(hours: hours),
                     endDate: state.isFinished ? date(hours: hours + 1) : nil)
    }

    static func ti(_ runId: String, _ taskId: String, _ state: TaskInstanceState, tries: Int = 1) -> TaskInstanceRecord {
        var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "etl", runId: runId, taskId: taskId), state: state,
                                    tryNumber: state == .none ? 0 : tries, maxTries: 2)
        ti.hostname = "host-a"
        return ti
    }

    static func seed(home: UpdraftHome, store: SQLiteStore) async throws {
        let etlFile = home.dagsFolder.appendingPathComponent("etl.yml")
        let idleFile = home.dagsFolder.appendingPathComponent("idle.yml")
        try etlYAML.write(to: etlFile, atomically: true, encoding: .utf8)
        try idleYAML.write(to: idleFile, atomically: true, encoding: .utf8)
        try await store.syncDags([
            DagRecord(dagId: "etl", fileLocation: etlFile.path, lastParsedAt: date(hours: 0)),
            DagRecord(dagId: "idle", fileLocation: idleFile.path, lastParsedAt: date(hours: 0)),
        ])
        try await store.setPaused(dagId: "idle", true)
        try await store.replaceImportErrors([
            ImportErrorRecord(fileLocation: home.dagsFolder.appendingPathComponent("broken.yml").path,
                              message: "broken.yml:3:1: error: unknown key 'tsks'", timestamp: date(hours: 0)),
        ])
        var batch = StoreBatch()
        batch.dagRuns = [run(finishedRun, hours: 0, state: .success, type: .scheduled),
                         run(runningRun, hours: 6, state: .running, type: .manual)]
        batch.taskInstances = [
            ti(finishedRun, "extract", .success, tries: 2), ti(finishedRun, "transform", .success),
            ti(finishedRun, "load", .failed), ti(finishedRun, "audit", .upstreamFailed),
            ti(runningRun, "extract", .running), ti(runningRun, "transform", .none),
            ti(runningRun, "load", .none), ti(runningRun, "audit", .none),
        ]
        batch.xcoms = [XComRecord(id: TaskInstanceID(dagId: "etl", runId: finishedRun, taskId: "extract"),
                                  value: .object(["rows": .int(42)]))]
        try await store.commit(batch)
        let extract = TaskInstanceID(dagId: "etl", runId: finishedRun, taskId: "extract")
        for attempt in 1...2 {
            let file = home.logFile(for: extract, tryNumber: attempt)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "try \(attempt) line 1\ntry \(attempt) line 2\n".write(to: file, atomically: true, encoding: .utf8)
        }
        try "do not serve me".write(to: home.root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
    }
}
