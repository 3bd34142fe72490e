import Updraft

/// `swift-dags` serves every `updraft` subcommand, with the two Swift DAGs added to the
/// DAG folder's YAML ones: `swift-dags dags list`, `swift-dags dags show swift_ingest --dot`.
@main
struct SwiftDags {
    static func main() async {
        // A DAG whose settings do not parse ends the binary with each error on stderr.
        await UpdraftApp.main { [try ingestDag(), try reportDag()] }
    }
}
