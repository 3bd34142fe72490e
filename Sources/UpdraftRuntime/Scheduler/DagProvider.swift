import Dispatch
import Foundation
import UpdraftCore
import UpdraftLoader

/// Where the scheduler's DAGs come from: a folder of YAML files (re-read when its files
/// change) plus DAGs built in code (the Swift DSL: `CodeDagRegistry.dags` of the binary).
///
/// ```swift
/// let dags = DagProvider(folder: "examples", extraDags: CodeDagRegistry.dags)
/// let loaded = try await dags.load()
/// ```
public struct DagProvider: Sendable {
    /// The DAG folder; nil = only ``extraDags``.
    public var folder: String?
    /// DAGs given in code; validated like files (an invalid one becomes an import error).
    public var extraDags: [Dag]

    /// A provider of `folder`'s DAGs plus `extraDags`.
    public init(folder: String?, extraDags: [Dag] = []) {
        self.folder = folder
        self.extraDags = extraDags
    }

    /// One parse: the DAGs and the import errors (one per broken file).
    public struct Loaded: Sendable {
        /// Valid DAGs, folder files first (path order), then code DAGs.
        public var dags: [Dag]
        /// Files (or code DAGs) that did not load, with every error.
        public var importErrors: [DagImportError]
        /// The pools the folder's `pools.yml` declares (nil: no such file, or it did not load).
        public var pools: [PoolSpec]? = nil
    }

    /// Parses the folder and adds the code DAGs.
    ///
    /// - Throws: `DagFolderError` when the folder is missing or not a directory.
    public func load() async throws -> Loaded {
        var bag = DagBag(folder: folder ?? "")
        if let folder { bag = try await DagBag.load(folder: folder) }
        for dag in extraDags { bag.add(dag, file: dag.fileLocation ?? "<swift>") }
        return Loaded(dags: bag.dags, importErrors: bag.importErrors, pools: bag.pools)
    }

    /// Path → modification time of every DAG file and the pools file under the folder
    /// (``UpdraftLoader/DagFolder``'s rule, the loader's; empty without a folder or when it
    /// is missing). Runs on a dispatch queue, off the cooperative pool: the file
    /// system calls may block.
    public func fingerprint() async -> [String: Date] {
        guard let folder else { return [:] }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: DagFolder.fingerprint(of: folder))
            }
        }
    }
}
