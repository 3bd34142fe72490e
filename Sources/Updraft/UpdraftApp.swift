@_exported import UpdraftCore
import UpdraftCLI

/// The entry point of the `updraft` binary and of user binaries built with the DSL.
///
/// ```swift
/// import Updraft
///
/// @main struct MyDags {
///     static func main() async throws {
///         try await UpdraftApp.main(dags: [etlDag(), reportDag()])
///     }
/// }
/// ```
///
/// Every `updraft` subcommand is served, with the given DAGs added to those loaded from
/// the DAG folder (so a worker started from the same binary can run their closures).
public enum UpdraftApp {
    /// Parses the command line and runs the matching `updraft` subcommand.
    public static func main() async {
        await UpdraftCommand.main()
    }

    /// Registers `dags` (see ``CodeDagRegistry``), then runs the command line.
    public static func main(dags: [Dag]) async {
        CodeDagRegistry.register(dags)
        await UpdraftCommand.main()
    }

    /// Runs the command line with the DAGs of `D`.
    public static func main<D: UpdraftDags>(_ dags: D.Type) async throws {
        await main(dags: try D.dags)
    }
}

/// A type that lists the DAGs a binary declares in Swift, for `UpdraftApp.main(_:)`.
///
/// ```swift
/// @main struct MyDags: UpdraftDags {
///     static var dags: [Dag] { get throws { [try etlDag()] } }
///     static func main() async throws { try await UpdraftApp.main(MyDags.self) }
/// }
/// ```
public protocol UpdraftDags {
    /// The DAGs declared in code.
    static var dags: [Dag] { get throws }
}
