import Foundation
import UpdraftCore
import UpdraftLoader

/// Loads what the `updraft dags` commands work on: the DAG folder's files plus the DAGs
/// registered in code (``CodeDagRegistry``).
enum DagSource {
    /// The bag of `folder` with the code DAGs added. A missing folder is an error unless
    /// the binary has code DAGs (then it is a note on stderr and only those are listed).
    static func load(folder: String, io: CommandIO, codeDags: [Dag] = CodeDagRegistry.dags) async -> DagBag? {
        var bag: DagBag
        do {
            bag = try await DagBag.load(folder: folder)
        } catch {
            guard !codeDags.isEmpty else {
                io.err("error: DAG folder '\(folder)' does not exist or is not a folder "
                    + "(create it, or pass --dags-folder DIR or --home DIR, or set UPDRAFT_HOME)")
                return nil
            }
            io.err("note: DAG folder '\(folder)' does not exist; showing the \(codeDags.count) DAG(s) built into this binary")
            bag = DagBag(folder: folder)
        }
        for dag in codeDags { bag.add(dag, file: dag.fileLocation ?? "<swift>") }
        return bag
    }

    /// The DAG `dagId` from `bag`, or an error line naming close ids.
    static func dag(_ dagId: String, in bag: DagBag, io: CommandIO) -> Dag? {
        if let dag = bag.dag(dagId) { return dag }
        // A typo (edit distance) first, else ids that contain the name or are contained in it.
        let close = Suggestion.closest(to: dagId, in: bag.dagIds).map { [$0] }
            ?? Array(bag.dagIds.filter { $0.contains(dagId) || dagId.contains($0) }.prefix(3))
        let hint = close.isEmpty ? "" : " (did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?)"
        let broken = bag.importErrors.contains { e in e.errors.contains { $0.dagId == dagId } }
        let why = broken ? "; its file has import errors: run `updraft dags list-import-errors`" : ""
        io.err("error: no DAG '\(dagId)' in '\(bag.folder)'\(hint)\(why)")
        return nil
    }
}
