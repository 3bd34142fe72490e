import Foundation
import UpdraftCore

/// The metadata store: DAGs, DAG runs, task instances, XCom, pools, variables, import
/// errors. SQLite (``SQLiteStore``, GRDB) is the embedded default.
///
/// Durability: when a write method returns, the change is on disk (WAL). The scheduler's
/// state changes go through ``commit(_:)``; concurrent calls are grouped into one
/// transaction (group commit), so throughput does not pay one fsync per task.
///
/// Changes made from outside the scheduler (the CLI: trigger, clear, pause, pools) go
/// through the other write methods, which also bump ``externalChangeToken()`` so a running
/// scheduler, polling that token, picks them up at once.
public protocol MetaStore: Sendable {
    // MARK: scheduler writes

    /// Upserts everything in `batch` in one transaction (grouped with concurrent calls).
    func commit(_ batch: StoreBatch) async throws

    /// The workers registered with the executor when the last scheduler wrote (joins and
    /// departures go through ``commit(_:)``), by worker id.
    func connectedWorkers() async throws -> [ConnectedWorkerRecord]

    // MARK: DAGs and import errors

    /// Inserts DAGs not seen before (unpaused) and updates file and parse time of known ones;
    /// never changes `isPaused` of a known DAG.
    func syncDags(_ dags: [DagRecord]) async throws
    /// Every DAG known to the store, by dag_id.
    func dags() async throws -> [DagRecord]
    /// Pauses or unpauses a DAG (creating its record when unknown). Bumps the change token.
    func setPaused(dagId: String, _ paused: Bool) async throws
    /// Replaces all import errors with `errors`.
    func replaceImportErrors(_ errors: [ImportErrorRecord]) async throws
    /// The import errors of the last parse.
    func importErrors() async throws -> [ImportErrorRecord]

    // MARK: DAG runs

    /// Inserts a new run. Throws ``StoreError`` `duplicateRun` when the DAG already has a
    /// run with that run_id or that logical date. Bumps the change token.
    func createDagRun(_ run: DagRunRecord) async throws
    /// One run, or nil.
    func dagRun(dagId: String, runId: String) async throws -> DagRunRecord?
    /// Runs of a DAG, newest logical date first, optionally only in `states`.
    func dagRuns(dagId: String, states: Set<DagRunState>?, limit: Int?) async throws -> [DagRunRecord]
    /// For each of `dagIds`: its `limit` newest runs and its latest scheduled run, read at once
    /// (the API's DAG list). A default implementation asks ``dagRuns(dagId:states:limit:)`` and
    /// ``latestDagRun(dagId:runType:)`` per DAG.
    func runDigests(dagIds: [String], limit: Int) async throws -> [String: DagRunDigest]
    /// Every run in queued or running state, over all DAGs.
    func activeDagRuns() async throws -> [DagRunRecord]
    /// The run with the latest logical date of `dagId` of type `runType`, if any.
    func latestDagRun(dagId: String, runType: DagRunType) async throws -> DagRunRecord?
    /// Sets a finished run's state to success or failed (success also turns its failed and
    /// upstream_failed task instances to success); a queued or running run is left alone
    /// (its scheduler would overwrite the change). Bumps the change token.
    func markFinishedDagRun(dagId: String, runId: String, state: DagRunState) async throws -> FinishedRunEdit
    /// Sets one task instance of a finished run to success or failed (the run's state is
    /// left as it is); one of a queued or running run is left alone. Bumps the change token.
    func markFinishedTaskInstance(_ id: TaskInstanceID, state: TaskInstanceState) async throws -> FinishedRunEdit
    /// Deletes a finished run with its task instances and XComs; a queued or running run is
    /// left alone. Bumps the change token.
    func deleteFinishedDagRun(dagId: String, runId: String) async throws -> FinishedRunEdit

    // MARK: task instances and XCom

    /// The task instances of one run.
    func taskInstances(dagId: String, runId: String) async throws -> [TaskInstanceRecord]
    /// Every task instance in one of `states`, over all runs (recovery after a restart).
    func taskInstances(inStates states: Set<TaskInstanceState>) async throws -> [TaskInstanceRecord]
    /// The states of the task instances of `runIds` in DAG `dagId`, by run id (a run
    /// without instances has an empty list), ordered by task id then map index: one read
    /// for the web UI's grid. A default implementation asks ``taskInstances(dagId:runId:)``
    /// per run.
    func taskInstanceStates(dagId: String, runIds: [String]) async throws -> [String: [TaskInstanceStateRow]]
    /// Sets the given task instances back to state `none` (keeping try numbers, adding
    /// their retries to `maxTries`, as Airflow's clear does), deletes their XComs, and puts
    /// their run back to queued. Instances that are queued or running are left alone (so
    /// that no task instance runs twice at once). Returns how many rows changed. Bumps the
    /// change token.
    func clearTaskInstances(dagId: String, runId: String, taskIds: Set<String>) async throws -> Int
    /// The XCom values of one run.
    func xcoms(dagId: String, runId: String) async throws -> [XComRecord]

    // MARK: pools and variables

    /// Every pool (always includes `default_pool`).
    func pools() async throws -> [PoolRecord]
    /// Creates or updates a pool. Bumps the change token.
    func setPool(_ pool: PoolRecord) async throws
    /// Deletes a pool; false when there was none. `default_pool` cannot be deleted.
    func deletePool(name: String) async throws -> Bool
    /// A variable's value (a string, as in Airflow), or nil.
    func variable(_ key: String) async throws -> String?
    /// Every variable.
    func variables() async throws -> [String: String]
    /// A number that changes whenever anything is committed to the store, by this process
    /// or another (the scheduler's commits included, unlike ``externalChangeToken()``):
    /// what a cache of read results is keyed by. Only equality is meaningful.
    func dataVersion() async throws -> Int64
    /// Sets a variable. `sensitive` marks its value secret (masked, shown as `***`); a
    /// sensitive variable stays sensitive when set again without it, until deleted.
    func setVariable(_ key: String, _ value: String, sensitive: Bool) async throws
    /// The keys of the variables marked sensitive (secret-named keys are sensitive anyway:
    /// ``UpdraftCore/SensitiveNames``).
    func sensitiveVariableKeys() async throws -> Set<String>
    /// Deletes a variable; false when there was none.
    func deleteVariable(_ key: String) async throws -> Bool

    // MARK: connections (secrets sealed: ConnectionVault reads and writes them)

    /// Every stored connection, by conn_id.
    func connections() async throws -> [ConnectionRecord]
    /// One stored connection, or nil.
    func connection(_ connId: String) async throws -> ConnectionRecord?
    /// Creates or replaces a connection.
    func setConnection(_ record: ConnectionRecord) async throws
    /// Deletes a connection; false when there was none.
    func deleteConnection(_ connId: String) async throws -> Bool

    // MARK: users and tokens of the HTTP API (hashes only: see APIUserRecord, APITokenRecord)

    /// Every API user, by username.
    func apiUsers() async throws -> [APIUserRecord]
    /// One API user, or nil.
    func apiUser(_ username: String) async throws -> APIUserRecord?
    /// Adds a user; false (and nothing changed) when the username is taken.
    func createAPIUser(_ record: APIUserRecord) async throws -> Bool
    /// Deletes a user and every token of theirs; false when there was none.
    func deleteAPIUser(_ username: String) async throws -> Bool
    /// Stores a token of an existing user (a ``StoreError`` with `invalidArgument` otherwise).
    func createAPIToken(_ record: APITokenRecord) async throws
    /// The token whose SHA-256 is `hash`, or nil.
    func apiToken(hash: String) async throws -> APITokenRecord?
    /// Every token, by user then creation time.
    func apiTokens() async throws -> [APITokenRecord]
    /// Deletes (revokes) a token; false when there was none.
    func deleteAPIToken(id tokenId: String) async throws -> Bool

    // MARK: CURVE client keys the scheduler lets in (public keys only: see AllowedKeyRecord)

    /// Every allowed client key, by name.
    func allowedKeys() async throws -> [AllowedKeyRecord]
    /// Allows a key; ``AllowKeyOutcome/nameTaken`` or ``AllowKeyOutcome/keyTaken(name:)``
    /// (and nothing changed) when its name or key is in the list already. A record with
    /// ``AllowedKeyRecord/problems`` is a ``StoreError`` `invalidArgument`.
    func allowKey(_ record: AllowedKeyRecord) async throws -> AllowKeyOutcome
    /// Stops allowing the key named `name`; false when there was none.
    func revokeKey(name: String) async throws -> Bool
    /// A number that changes whenever the allowed keys change, from any process: what a
    /// running scheduler polls (a one-row read) to notice `workers allow` and `revoke`.
    func allowListVersion() async throws -> Int64

    // MARK: change detection and retention

    /// A number that changes whenever a write method other than ``commit(_:)`` commits,
    /// from any process. Cheap: the scheduler polls it.
    func externalChangeToken() async throws -> Int64
    /// Deletes finished DAG runs (success/failed) whose end date is before `cutoff`, with
    /// their task instances and XComs. Returns the run keys deleted (for log clean-up).
    func deleteFinishedRuns(endedBefore cutoff: Date) async throws -> [(dagId: String, runId: String)]
}

extension MetaStore {
    /// Sets a variable, keeping its sensitive mark if it has one.
    public func setVariable(_ key: String, _ value: String) async throws {
        try await setVariable(key, value, sensitive: false)
    }

    /// One read per run; stores override it with one.
    public func taskInstanceStates(dagId: String, runIds: [String]) async throws -> [String: [TaskInstanceStateRow]] {
        var out: [String: [TaskInstanceStateRow]] = [:]
        for runId in runIds {
            out[runId] = try await taskInstances(dagId: dagId, runId: runId).map {
                TaskInstanceStateRow(runId: runId, taskId: $0.id.taskId, mapIndex: $0.id.mapIndex, state: $0.state)
            }
        }
        return out
    }

    /// Two reads per DAG; stores override it with one.
    public func runDigests(dagIds: [String], limit: Int) async throws -> [String: DagRunDigest] {
        var out: [String: DagRunDigest] = [:]
        for dagId in dagIds {
            out[dagId] = DagRunDigest(recent: try await dagRuns(dagId: dagId, states: nil, limit: limit),
                                      latestScheduled: try await latestDagRun(dagId: dagId, runType: .scheduled))
        }
        return out
    }
}

/// A DAG's newest runs and its latest scheduled run (``MetaStore/runDigests(dagIds:limit:)``).
public struct DagRunDigest: Sendable, Hashable {
    /// The newest runs, newest logical date first.
    public var recent: [DagRunRecord]
    /// The scheduled run with the latest logical date.
    public var latestScheduled: DagRunRecord?

    /// A digest.
    public init(recent: [DagRunRecord], latestScheduled: DagRunRecord?) {
        self.recent = recent
        self.latestScheduled = latestScheduled
    }
}
