@_exported import UpdraftCore
// Links jemalloc into the binary (the `updraft` executable and DSL binaries alike); nothing
// of it is called (see Package.swift, target CJemalloc).
import CJemalloc
import Foundation
import UpdraftCLI

/// The entry point of the `updraft` binary and of user binaries built with the DSL.
///
/// ```swift
/// import Updraft
///
/// @main struct MyDags {
///     static func main() async {
///         await UpdraftApp.main { [try etlDag(), try reportDag()] }
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

    /// Builds the DAGs, then runs the command line with them. A DAG whose settings do not
    /// parse (``Dag/init(_:description:schedule:startDate:endDate:timezone:catchup:maxActiveRuns:maxActiveTasks:params:tags:defaultArgs:file:tasks:)``
    /// throws) ends the process with exit status 1 and each error on stderr as
    /// `file: error: message`, instead of a crash.
    ///
    /// ```swift
    /// await UpdraftApp.main { [try etlDag(), try reportDag()] }
    /// ```
    @MainActor
    public static func main(building dags: () throws -> [Dag]) async {
        let built: [Dag]
        do {
            built = try dags()
        } catch let error as DagImportError {
            fail(error.description)
        } catch {
            fail("error: \(error)")
        }
        await main(dags: built)
    }

    /// Runs the command line with the DAGs of `D` (see ``main(building:)``).
    @MainActor
    public static func main<D: UpdraftDags>(_ dags: D.Type) async {
        await main { try D.dags }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }
}

/// A type that lists the DAGs a binary declares in Swift, for `UpdraftApp.main(_:)`.
///
/// ```swift
/// @main struct MyDags: UpdraftDags {
///     static var dags: [Dag] { get throws { [try etlDag()] } }
///     static func main() async { await UpdraftApp.main(MyDags.self) }
/// }
/// ```
public protocol UpdraftDags {
    /// The DAGs declared in code.
    static var dags: [Dag] { get throws }
}
