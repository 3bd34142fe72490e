import Foundation
import UpdraftCore
import UpdraftStore

/// The DAG definitions behind the store's DAG records (schedule, tags, tasks and edges),
/// read with a loader the host supplies (the CLI's: the recorded YAML file, else a DAG built
/// into the binary).
///
/// Reading a DAG file is blocking I/O, so it runs on a dispatch queue, never on a thread
/// of the cooperative pool. A definition is kept until the scheduler records a newer parse
/// (`lastParsedAt` of the record changes).
public actor DagCatalog {
    /// Loads a definition for a store record (blocking; called off the cooperative pool).
    public typealias Loader = @Sendable (DagRecord) -> Dag?

    private let loader: Loader
    private var cache: [String: (parsedAt: Date?, file: String?, dag: Dag?)] = [:]

    /// A catalog loading definitions with `loader`.
    public init(loader: @escaping Loader) {
        self.loader = loader
    }

    /// The definition of `record`, or nil when it cannot be read.
    public func definition(of record: DagRecord) async -> Dag? {
        if let hit = cache[record.dagId], hit.parsedAt == record.lastParsedAt, hit.file == record.fileLocation {
            return hit.dag
        }
        let loader = self.loader
        let dag = await withCheckedContinuation { (continuation: CheckedContinuation<Dag?, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: loader(record)) }
        }
        cache[record.dagId] = (record.lastParsedAt, record.fileLocation, dag)
        return dag
    }
}
