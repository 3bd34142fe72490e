import Foundation
import UpdraftCore

/// A folder that cannot be listed.
public struct DagFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The folder as given.
    public var folder: String
    /// What went wrong.
    public var message: String

    /// `dags: error: message`.
    public var description: String { "\(folder): error: \(message)" }
}

extension DagBag {
    /// Loads every DAG file under `folder` (``DagFolder``: `*.yml` / `*.yaml` in any case,
    /// recursively; hidden files and folders skipped; the folder's top-level `pools.yml` is
    /// read as its ``PoolsFile``, not as a DAG), parsing files in parallel. Files are handled in sorted path order,
    /// so the same folder always gives the same bag: for a dag_id used twice, the file that
    /// sorts later gets the `duplicate_dag_id` import error.
    ///
    /// - Throws: ``DagFolderError`` when `folder` is missing or not a directory.
    public static func load(folder: String) async throws(DagFolderError) -> DagBag {
        let files = try DagFolder.dagFiles(in: folder)
        typealias Parsed = (Int, Result<DagFileParser.ParsedFile, DagImportError>)
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var results = [Result<DagFileParser.ParsedFile, DagImportError>?](repeating: nil, count: files.count)
        await withTaskGroup(of: Parsed.self) { group in
            var next = 0
            // A few files per core in flight keeps the cores busy without queueing every file.
            while next < min(files.count, width * 4) {
                let (index, path) = (next, files[next])
                group.addTask { (index, parseFile(at: path)) }
                next += 1
            }
            for await (index, result) in group {
                results[index] = result
                if next < files.count {
                    let (index, path) = (next, files[next])
                    group.addTask { (index, parseFile(at: path)) }
                    next += 1
                }
            }
        }
        var bag = DagBag(folder: folder)
        for (path, result) in zip(files, results) {
            if let result { bag.add(result, file: path) }
        }
        if let path = poolsFile(in: folder) { bag.addPools(parsePoolsFile(at: path)) }
        return bag
    }

    /// The path of `folder`'s pools file, when it has one.
    public static func poolsFile(in folder: String) -> String? {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return PoolsFile.fileNames.map { base + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads and parses a pools file; an unreadable file becomes an import error.
    public static func parsePoolsFile(at path: String) -> Result<[PoolSpec], DagImportError> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(DagImportError(file: path, errors: [
                DagError(.unreadableFile, "cannot read the pools file as UTF-8 text", file: path, line: 1, column: 1),
            ]))
        }
        return PoolsFile.parse(text, file: path)
    }

    /// Reads, parses and validates one DAG file (for `updraft dags validate <file>`).
    public static func loadFile(at path: String) -> Result<Dag, DagImportError> {
        parseFile(at: path).map(\.dag)
    }

    /// Reads and parses one file; an unreadable file becomes an import error.
    static func parseFile(at path: String) -> Result<DagFileParser.ParsedFile, DagImportError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(DagImportError(file: path, errors: [
                DagError(.unreadableFile, "cannot read the file", file: path, line: 1, column: 1),
            ]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(DagImportError(file: path, errors: [
                DagError(.unreadableFile, "the file is not UTF-8 text", file: path, line: 1, column: 1),
            ]))
        }
        return DagFileParser.parseFile(text, file: path)
    }
}
