import Foundation

/// Removes task log files under the logs folder, for ``Retention``. File system errors
/// (a file already gone, a folder not readable) skip that entry; it is retried next time.
struct LogSweeper: Sendable {
    /// The logs folder of the home.
    var logsFolder: URL

    /// Deletes `folder` (a run's logs) with everything in it; returns the files removed.
    func removeFolder(_ folder: URL) -> Int {
        let count = files(under: folder).count
        guard (try? FileManager.default.removeItem(at: folder)) != nil else { return 0 }
        return count
    }

    /// Deletes every file under the logs folder last modified before `cutoff`, then the
    /// folders left empty; returns the files removed.
    func removeFiles(modifiedBefore cutoff: Date) -> Int {
        var removed = 0
        for file in files(under: logsFolder) {
            let values = try? file.resourceValues(forKeys: [.contentModificationDateKey])
            guard let modified = values?.contentModificationDate, modified < cutoff else { continue }
            if (try? FileManager.default.removeItem(at: file)) != nil { removed += 1 }
        }
        removeEmptyFolders(in: logsFolder)
        return removed
    }

    /// Regular files under `folder`, at any depth.
    private func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    /// Removes empty folders below `folder` (deepest first), keeping `folder` itself.
    private func removeEmptyFolders(in folder: URL) {
        guard let children = try? FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        for child in children where (try? child.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
            removeEmptyFolders(in: child)
            if (try? FileManager.default.contentsOfDirectory(atPath: child.path).isEmpty) == true {
                try? FileManager.default.removeItem(at: child)
            }
        }
    }
}
