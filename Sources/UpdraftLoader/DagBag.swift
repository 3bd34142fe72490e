import Foundation
import UpdraftCore

/// Every DAG of a folder, plus an import error for each file that did not load
/// (as Airflow's DagBag: one broken file never stops the others from loading).
///
/// ```swift
/// let bag = try await DagBag.load(folder: "dags")
/// for e in bag.importErrors { print(e) }   // dags/etl.yml:12:5: error: ...
/// let dag = bag.dag("daily_report")
/// ```
public struct DagBag: Sendable {
    /// The folder the DAGs came from (as given).
    public var folder: String
    /// The loaded DAGs, in file path order (files sorted by path).
    public private(set) var dags: [Dag]
    /// One entry per file that did not load, in file path order.
    public private(set) var importErrors: [DagImportError]
    /// The pools the folder's `pools.yml` declares; nil when it has none (or it did not load:
    /// then its errors are in ``importErrors``).
    public internal(set) var pools: [PoolSpec]?
    private var byId: [String: Int]

    /// An empty bag for `folder`.
    public init(folder: String = "") {
        self.folder = folder
        dags = []
        importErrors = []
        byId = [:]
    }

    /// The DAG with id `dagId`, if loaded.
    public func dag(_ dagId: String) -> Dag? { byId[dagId].map { dags[$0] } }

    /// Ids of the loaded DAGs, sorted.
    public var dagIds: [String] { byId.keys.sorted() }

    /// Adds a DAG built in code (the Swift DSL) after validating it; a DAG with errors or a
    /// dag_id already in the bag becomes an import error for `file` instead.
    public mutating func add(_ dag: Dag, file: String) {
        var errors = dag.validate()
        if byId[dag.dagId] != nil { errors.append(duplicateError(dag.dagId, location: nil, file: file)) }
        guard errors.isEmpty else {
            importErrors.append(DagImportError(file: file, errors: errors.map { e in
                var e = e
                e.file = e.file ?? file
                return e
            }))
            return
        }
        insert(dag)
    }

    /// Adds the result of parsing the folder's pools file.
    mutating func addPools(_ result: Result<[PoolSpec], DagImportError>) {
        switch result {
        case .success(let pools): self.pools = pools
        case .failure(let error): importErrors.append(error)
        }
    }

    /// Adds the result of parsing one file; a duplicate dag_id becomes an import error.
    mutating func add(_ result: Result<DagFileParser.ParsedFile, DagImportError>, file: String) {
        switch result {
        case .failure(let error):
            importErrors.append(error)
        case .success(let parsed):
            if byId[parsed.dag.dagId] != nil {
                importErrors.append(DagImportError(file: file, errors: [
                    duplicateError(parsed.dag.dagId, location: parsed.dagIdLocation, file: file),
                ]))
            } else {
                insert(parsed.dag)
            }
        }
    }

    private mutating func insert(_ dag: Dag) {
        byId[dag.dagId] = dags.count
        dags.append(dag)
    }

    private func duplicateError(_ dagId: String, location: SourceLocation?, file: String) -> DagError {
        let first = dag(dagId)?.fileLocation.map { " (already defined in \($0))" } ?? ""
        return DagError(.duplicateDagId, "duplicate dag_id '\(dagId)'\(first)", file: file,
                        line: location?.line, column: location?.column, dagId: dagId, key: "dag_id")
    }
}
