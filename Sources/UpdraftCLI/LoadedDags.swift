import UpdraftCore
import UpdraftLoader

/// DAGs and import errors gathered from several files and folders; a dag_id seen before
/// is an import error of the later file.
struct LoadedDags {
    private(set) var dags: [Dag] = []
    private(set) var importErrors: [DagImportError] = []
    private var files: [String: String] = [:]

    /// Adds a folder's bag.
    mutating func add(_ bag: DagBag) {
        for dag in bag.dags { add(dag, file: dag.fileLocation ?? bag.folder) }
        importErrors += bag.importErrors
    }

    /// Reads, parses and validates one file.
    mutating func add(file path: String) {
        switch DagBag.loadFile(at: path) {
        case .success(let dag): add(dag, file: path)
        case .failure(let error): importErrors.append(error)
        }
    }

    private mutating func add(_ dag: Dag, file: String) {
        if let first = files[dag.dagId] {
            importErrors.append(DagImportError(file: file, errors: [
                DagError(.duplicateDagId, "duplicate dag_id '\(dag.dagId)' (already defined in \(first))",
                         file: file, line: 1, column: 1, dagId: dag.dagId, key: "dag_id")]))
            return
        }
        files[dag.dagId] = file
        dags.append(dag)
    }
}
