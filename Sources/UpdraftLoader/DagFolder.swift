import Foundation
import UpdraftCore

/// The files of a DAG folder, by one rule for the loader and the folder watch: a DAG file
/// is a `.yml` or `.yaml` file (extension in any case: `x.YML` loads) under the folder,
/// at any depth, with no hidden (`.`) folder or file on its path, other than the folder's
/// top-level pools file (``UpdraftCore/PoolsFile``). The watch's fingerprint covers the DAG
/// files and the pools file, so a change to either is seen, and nothing it sees is left
/// unloaded.
public enum DagFolder {
    /// Whether `relativePath` (inside the folder) is a DAG file.
    public static func isDagFile(relativePath: String) -> Bool {
        isYAML(relativePath) && !PoolsFile.isPoolsFile(relativePath: relativePath)
    }

    /// Whether the folder watch looks at `relativePath`: a DAG file or the pools file.
    public static func isWatched(relativePath: String) -> Bool {
        isYAML(relativePath) || PoolsFile.isPoolsFile(relativePath: relativePath)
    }

    /// Paths of the DAG files under `folder`, sorted, each as `folder/relative/path`.
    /// Blocks on the file system: call it off the cooperative pool.
    ///
    /// - Throws: ``DagFolderError`` when `folder` is missing or not a directory.
    public static func dagFiles(in folder: String) throws(DagFolderError) -> [String] {
        try relativePaths(in: folder).filter(isDagFile).map { base(folder) + $0 }.sorted()
    }

    /// Path → modification time of every watched file under `folder` (empty when it is
    /// missing). Blocks on the file system: call it off the cooperative pool.
    public static func fingerprint(of folder: String) -> [String: Date] {
        guard let relative = try? relativePaths(in: folder) else { return [:] }
        var out: [String: Date] = [:]
        for path in relative where isWatched(relativePath: path) {
            let full = base(folder) + path
            out[full] = (try? FileManager.default.attributesOfItem(atPath: full))?[.modificationDate] as? Date ?? .distantPast
        }
        return out
    }

    private static func isYAML(_ relativePath: String) -> Bool {
        guard !relativePath.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return false }
        let lower = relativePath.lowercased()
        return lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
    }

    private static func base(_ folder: String) -> String { folder.hasSuffix("/") ? folder : folder + "/" }

    /// Every regular file under `folder`, relative to it.
    private static func relativePaths(in folder: String) throws(DagFolderError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw DagFolderError(folder: folder, message: "no such DAG folder")
        }
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw DagFolderError(folder: folder, message: "cannot list the DAG folder")
        }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { continue }
            out.append(relative)
        }
        return out
    }
}
