import UpdraftCore

/// The input as the text of one YAML DAG file (what the DagBag hands `DagFileParser` for
/// each file it reads). Properties:
/// - nothing traps (syntax, schema and validation errors are `DagImportError`s);
/// - a failure carries at least one error, each placed in this file at line and column >= 1
///   when placed at all;
/// - a success is a DAG that validates clean, with unique task ids whose upstreams exist,
///   and parsing the same text again gives the same DAG.
enum DagFileFuzz {
    static let file = "dags/fuzz.yml"

    static func check(_ text: String) {
        switch DagFileParser.parseFile(text, file: file) {
        case .failure(let failure):
            FuzzCheck.require(!failure.errors.isEmpty, "a failure without errors")
            for error in failure.errors {
                FuzzCheck.require(error.file == nil || error.file == file, "error in another file: \(error)")
                FuzzCheck.require((error.line ?? 1) >= 1 && (error.column ?? 1) >= 1, "error placed before 1:1: \(error)")
            }
        case .success(let parsed):
            let dag = parsed.dag
            FuzzCheck.require(!dag.dagId.isEmpty, "a DAG without an id")
            FuzzCheck.require(dag.validate().isEmpty, "parsed DAG does not validate: \(dag.validate())")
            let ids = Set(dag.tasks.map(\.taskId))
            FuzzCheck.require(ids.count == dag.tasks.count, "duplicate task ids in \(dag.dagId)")
            for task in dag.tasks {
                FuzzCheck.require(task.upstreamIds.allSatisfy(ids.contains), "\(task.taskId): unknown upstream")
            }
            FuzzCheck.require((try? DagFileParser.parse(text, file: file).get()) == dag, "parsing twice differs")
        }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func dagFileFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DagFileFuzz.check(FuzzCheck.text(data, size))
    return 0
}
