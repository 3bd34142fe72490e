import Synchronization
import UpdraftCore

/// The DAGs declared in Swift code (the DSL) of the running binary. `UpdraftApp` registers
/// them before parsing the command line; every `updraft dags ...` command sees them next
/// to the DAGs loaded from files, and a worker built from the same binary finds their
/// closures here.
public enum CodeDagRegistry {
    /// Guarded by a mutex: written once at start-up, read by commands (never in a hot loop).
    private static let storage = Mutex<[Dag]>([])

    /// Adds `dags` to the registry.
    public static func register(_ dags: [Dag]) {
        storage.withLock { $0 += dags }
    }

    /// Every registered DAG, in registration order.
    public static var dags: [Dag] { storage.withLock { $0 } }

    /// Empties the registry (tests).
    public static func removeAll() {
        storage.withLock { $0.removeAll() }
    }
}
