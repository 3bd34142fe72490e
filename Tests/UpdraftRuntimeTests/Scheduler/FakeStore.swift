import Foundation
import Synchronization
import UpdraftCore
import UpdraftStore

/// What the fakes did, in order, shared by ``FakeStore`` and ``ScriptedExecutor`` so a test can
/// check that a state was committed before the work depending on it was submitted.
final class OrderLog: Sendable {
    enum Entry: Sendable, Hashable {
        case commit([TaskInstanceID: TaskInstanceState])
        case submit([TaskInstanceID])
    }

    private let entries = Mutex<[Entry]>([])
    func append(_ e: Entry) { entries.withLock { $0.append(e) } }
    var all: [Entry] { entries.withLock { $0 } }
}

/// An in-memory ``MetaStore`` for scheduler tests.
final class FakeStore: MetaStore {
    struct State {
        var dags: [String: DagRecord] = [:]
        var importErrors: [ImportErrorRecord] = []
        var runs: [String: DagRunRecord] = [:]
        var instances: [TaskInstanceID: TaskInstanceRecord] = [:]
        var xcoms: [String: XComRecord] = [:]
        var pools: [String: PoolRecord] = ["default_pool": PoolRecord(name: "default_pool", slots: 128)]
        var variables: [String: String] = [:]
        var sensitiveKeys: Set<String> = []
        var connections: [String: ConnectionRecord] = [:]
        var apiUsers: [String: APIUserRecord] = [:]
        var apiTokens: [String: APITokenRecord] = [:]
        var token: Int64 = 0
        var commits = 0
        var workers: [String: ConnectedWorkerRecord] = [:]
    }

    let state = Mutex(State())
    let log: OrderLog

    init(log: OrderLog = OrderLog()) { self.log = log }

    private static func runKey(_ d: String, _ r: String) -> String { d + "\u{1}" + r }
    private static func xcomKey(_ x: XComRecord) -> String { "\(x.id)|\(x.key)" }

    var commitCount: Int { state.withLock { $0.commits } }
    func instance(_ id: TaskInstanceID) -> TaskInstanceRecord? { state.withLock { $0.instances[id] } }
    var allInstances: [TaskInstanceRecord] { state.withLock { Array($0.instances.values) } }
    func run(_ dagId: String, _ runId: String) -> DagRunRecord? { state.withLock { $0.runs[Self.runKey(dagId, runId)] } }
    var allXComs: [XComRecord] { state.withLock { Array($0.xcoms.values) } }

    /// Seeds rows directly (recovery tests), without bumping the token.
    func seed(run: DagRunRecord, instances: [TaskInstanceRecord], xcoms: [XComRecord] = []) {
        state.withLock { s in
            s.runs[Self.runKey(run.dagId, run.runId)] = run
            for i in instances { s.instances[i.id] = i }
            for x in xcoms { s.xcoms[Self.xcomKey(x)] = x }
        }
    }

    func commit(_ batch: StoreBatch) async throws {
        state.withLock { s in
            s.commits += 1
            for r in batch.dagRuns { s.runs[Self.runKey(r.dagId, r.runId)] = r }
            for id in batch.clearXComsOf { s.xcoms = s.xcoms.filter { $0.value.id != id } }
            for i in batch.taskInstances { s.instances[i.id] = i }
            for x in batch.xcoms { s.xcoms[Self.xcomKey(x)] = x }
            for w in batch.workersJoined { s.workers[w.workerId] = w }
            for id in batch.workersLeft { s.workers[id] = nil }
        }
        log.append(.commit(Dictionary(batch.taskInstances.map { ($0.id, $0.state) }, uniquingKeysWith: { _, b in b })))
    }

    func connectedWorkers() async throws -> [ConnectedWorkerRecord] {
        state.withLock { $0.workers.values.sorted { $0.workerId < $1.workerId } }
    }

    /// The connected-worker rows (recovery tests seed and read them).
    func seedWorkers(_ workers: [ConnectedWorkerRecord]) {
        state.withLock { s in for w in workers { s.workers[w.workerId] = w } }
    }

    var workerIds: [String] { state.withLock { $0.workers.keys.sorted() } }

    func syncDags(_ dags: [DagRecord]) async throws {
        state.withLock { s in
            for d in dags {
                var r = d
                if let known = s.dags[d.dagId] { r.isPaused = known.isPaused }
                s.dags[d.dagId] = r
            }
        }
    }
    func dags() async throws -> [DagRecord] { state.withLock { Array($0.dags.values) } }
    func setPaused(dagId: String, _ paused: Bool) async throws {
        state.withLock { s in
            s.dags[dagId, default: DagRecord(dagId: dagId)].isPaused = paused
            s.token += 1
        }
    }
    func replaceImportErrors(_ errors: [ImportErrorRecord]) async throws { state.withLock { $0.importErrors = errors } }
    func importErrors() async throws -> [ImportErrorRecord] { state.withLock { $0.importErrors } }

    func createDagRun(_ run: DagRunRecord) async throws {
        try state.withLock { s in
            if s.runs[Self.runKey(run.dagId, run.runId)] != nil
                || s.runs.values.contains(where: { $0.dagId == run.dagId && $0.logicalDate == run.logicalDate }) {
                throw StoreError(.duplicateRun, "duplicate run", context: run.runId)
            }
            s.runs[Self.runKey(run.dagId, run.runId)] = run
            s.token += 1
        }
    }
    func dagRun(dagId: String, runId: String) async throws -> DagRunRecord? { run(dagId, runId) }
    func dagRuns(dagId: String, states: Set<DagRunState>?, limit: Int?) async throws -> [DagRunRecord] {
        let all = state.withLock { s in s.runs.values.filter { $0.dagId == dagId && (states?.contains($0.state) ?? true) } }
            .sorted { $0.logicalDate > $1.logicalDate }
        return limit.map { Array(all.prefix($0)) } ?? all
    }
    func activeDagRuns() async throws -> [DagRunRecord] {
        state.withLock { s in s.runs.values.filter { !$0.state.isFinished } }
    }
    func latestDagRun(dagId: String, runType: DagRunType) async throws -> DagRunRecord? {
        state.withLock { s in s.runs.values.filter { $0.dagId == dagId && $0.runType == runType }.max { $0.logicalDate < $1.logicalDate } }
    }
    func markFinishedDagRun(dagId: String, runId: String, state runState: DagRunState) async throws -> FinishedRunEdit {
        state.withLock { s in
            guard var run = s.runs[Self.runKey(dagId, runId)] else { return .notFound }
            guard run.state.isFinished else { return .active(run.state) }
            run.state = runState
            s.runs[Self.runKey(dagId, runId)] = run
            s.token += 1
            return .done
        }
    }
    func markFinishedTaskInstance(_ id: TaskInstanceID, state tiState: TaskInstanceState) async throws -> FinishedRunEdit {
        state.withLock { s in
            guard let run = s.runs[Self.runKey(id.dagId, id.runId)] else { return .notFound }
            guard run.state.isFinished else { return .active(run.state) }
            guard var ti = s.instances[id] else { return .notFound }
            ti.state = tiState
            s.instances[id] = ti
            s.token += 1
            return .done
        }
    }
    func deleteFinishedDagRun(dagId: String, runId: String) async throws -> FinishedRunEdit {
        state.withLock { s in
            guard let run = s.runs[Self.runKey(dagId, runId)] else { return .notFound }
            guard run.state.isFinished else { return .active(run.state) }
            s.runs[Self.runKey(dagId, runId)] = nil
            s.token += 1
            return .done
        }
    }
    func taskInstances(dagId: String, runId: String) async throws -> [TaskInstanceRecord] {
        state.withLock { s in s.instances.values.filter { $0.id.dagId == dagId && $0.id.runId == runId } }
    }
    func taskInstances(inStates states: Set<TaskInstanceState>) async throws -> [TaskInstanceRecord] {
        state.withLock { s in s.instances.values.filter { states.contains($0.state) } }
    }
    func clearTaskInstances(dagId: String, runId: String, taskIds: Set<String>) async throws -> Int {
        state.withLock { s in
            var n = 0
            for (id, var ti) in s.instances where id.dagId == dagId && id.runId == runId && taskIds.contains(id.taskId)
                && ti.state != .queued && ti.state != .running {
                ti.state = .none
                ti.maxTries += ti.maxTries - 1
                s.instances[id] = ti
                s.xcoms = s.xcoms.filter { $0.value.id != id }
                n += 1
            }
            if var run = s.runs[Self.runKey(dagId, runId)] {
                run.state = .queued
                run.endDate = nil
                s.runs[Self.runKey(dagId, runId)] = run
            }
            s.token += 1
            return n
        }
    }
    func xcoms(dagId: String, runId: String) async throws -> [XComRecord] {
        state.withLock { s in s.xcoms.values.filter { $0.id.dagId == dagId && $0.id.runId == runId } }
    }
    func pools() async throws -> [PoolRecord] { state.withLock { Array($0.pools.values) } }
    func setPool(_ pool: PoolRecord) async throws { state.withLock { $0.pools[pool.name] = pool; $0.token += 1 } }
    func deletePool(name: String) async throws -> Bool { state.withLock { $0.pools.removeValue(forKey: name) != nil } }
    func variable(_ key: String) async throws -> String? { state.withLock { $0.variables[key] } }
    func variables() async throws -> [String: String] { state.withLock { $0.variables } }
    func setVariable(_ key: String, _ value: String, sensitive: Bool) async throws {
        state.withLock { $0.variables[key] = value; if sensitive { $0.sensitiveKeys.insert(key) }; $0.token += 1 }
    }
    func sensitiveVariableKeys() async throws -> Set<String> { state.withLock { $0.sensitiveKeys } }
    /// Not tracked: a fake store's readers never cache.
    func dataVersion() async throws -> Int64 { 0 }
    func deleteVariable(_ key: String) async throws -> Bool {
        state.withLock { $0.sensitiveKeys.remove(key); return $0.variables.removeValue(forKey: key) != nil }
    }
    func connections() async throws -> [ConnectionRecord] { state.withLock { $0.connections.values.sorted { $0.connId < $1.connId } } }
    func connection(_ connId: String) async throws -> ConnectionRecord? { state.withLock { $0.connections[connId] } }
    func setConnection(_ record: ConnectionRecord) async throws { state.withLock { $0.connections[record.connId] = record } }
    func deleteConnection(_ connId: String) async throws -> Bool { state.withLock { $0.connections.removeValue(forKey: connId) != nil } }
    func apiUsers() async throws -> [APIUserRecord] { state.withLock { $0.apiUsers.values.sorted { $0.username < $1.username } } }
    func apiUser(_ username: String) async throws -> APIUserRecord? { state.withLock { $0.apiUsers[username] } }
    func createAPIUser(_ record: APIUserRecord) async throws -> Bool {
        state.withLock { s in
            guard s.apiUsers[record.username] == nil else { return false }
            s.apiUsers[record.username] = record
            return true
        }
    }
    func deleteAPIUser(_ username: String) async throws -> Bool {
        state.withLock { s in
            s.apiTokens = s.apiTokens.filter { $0.value.username != username }
            return s.apiUsers.removeValue(forKey: username) != nil
        }
    }
    func createAPIToken(_ record: APITokenRecord) async throws {
        try state.withLock { s in
            guard s.apiUsers[record.username] != nil else {
                throw StoreError(.invalidArgument, "no API user '\(record.username)'", context: "api_token")
            }
            s.apiTokens[record.tokenId] = record
        }
    }
    func apiToken(hash: String) async throws -> APITokenRecord? { state.withLock { $0.apiTokens.values.first { $0.tokenHash == hash } } }
    func apiTokens() async throws -> [APITokenRecord] {
        state.withLock { $0.apiTokens.values.sorted { ($0.username, $0.createdAt.timeIntervalSince1970) < ($1.username, $1.createdAt.timeIntervalSince1970) } }
    }
    func deleteAPIToken(id tokenId: String) async throws -> Bool { state.withLock { $0.apiTokens.removeValue(forKey: tokenId) != nil } }
    // The scheduler never reads the allow-list: these tests need none.
    func allowedKeys() async throws -> [AllowedKeyRecord] { [] }
    func allowKey(_ record: AllowedKeyRecord) async throws -> AllowKeyOutcome { .added }
    func revokeKey(name: String) async throws -> Bool { false }
    func allowListVersion() async throws -> Int64 { 0 }
    func externalChangeToken() async throws -> Int64 { state.withLock { $0.token } }
    func deleteFinishedRuns(endedBefore cutoff: Date) async throws -> [(dagId: String, runId: String)] { [] }
}
