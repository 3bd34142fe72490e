import Foundation
import UpdraftCore
import UpdraftLoader
import UpdraftStore

/// What the run-level commands (`dags trigger`, `dags backfill`) share: opening the
/// home's store, finding a DAG's definition for its timetable, and telling whether a
/// scheduler is serving the home.
enum RunHomeAccess {
    /// The home (`--home` > `$UPDRAFT_HOME` > `~/.updraft`) and the store `store` names
    /// (``StoreOpening``), or the exit code after an error line naming the store.
    static func open(home explicit: String?, store: String?, io: CommandIO) async
        -> Result<(UpdraftHome, any ManagedStore), StoreOpeningFailure> {
        let home = UpdraftHome.resolve(explicit: explicit)
        switch await StoreOpening.open(explicit: store, home: home, io: io) {
        case .opened(let opened): return .success((home, opened))
        case .failed(let code): return .failure(StoreOpeningFailure(exitCode: code))
        }
    }

    /// The DAG's definition, for its timetable: the file the store recorded (YAML), else a
    /// DAG built into this binary (Swift DSL); nil when neither is readable.
    static func definition(of record: DagRecord) -> Dag? {
        if let file = record.fileLocation, FileManager.default.fileExists(atPath: file),
           case .success(let dag) = DagBag.loadFile(at: file), dag.dagId == record.dagId {
            return dag
        }
        return CodeDagRegistry.dags.first { $0.dagId == record.dagId }
    }

    /// An error line for a dag_id the store does not know, with close ids.
    static func unknownDag(_ dagId: String, known: [String], store: StoreLocation) -> String {
        let close = Suggestion.closest(to: dagId, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        let hint = known.isEmpty
            ? "; the store knows no DAGs yet: start `updraft standalone` or `updraft scheduler` with the DAG folder once, so it registers them"
            : ""
        return "error: no DAG '\(dagId)' in the store at \(store.displayName)\(close)\(hint)"
    }

    /// The running scheduler of `home` (from scheduler.json, if its pid is alive), or nil.
    static func runningScheduler(_ home: UpdraftHome) -> SchedulerInfo? {
        guard let info = try? SchedulerInfo.read(from: home.schedulerInfoFile) else { return nil }
        return kill(info.pid, 0) == 0 || errno == EPERM ? info : nil
    }

    /// A note for stderr when no scheduler serves `home` (the run waits for one).
    static func noSchedulerNote(_ home: UpdraftHome) -> String {
        "note: no scheduler is running for \(home.root.path) (no live pid in scheduler.json): the run stays queued "
            + "until `updraft standalone` or `updraft scheduler` starts on this home"
    }
}
