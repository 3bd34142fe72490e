#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A per-try scratch folder: the default working directory and the home of the
/// `$UPDRAFT_XCOM` file; removed when the try ends.
struct TryScratch: Sendable {
    /// The folder.
    let path: String
    /// Where the task may write its key/value XCom JSON object.
    var xcomPath: String { path + "/xcom.json" }

    /// Creates `updraft-try-XXXXXX` in `directory`.
    static func make(in directory: String) throws(SpawnFailure) -> TryScratch {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var template = Array("\(base.isEmpty ? "/tmp" : base)/updraft-try-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SpawnFailure("cannot create a scratch folder in '\(directory)': \(String(cString: strerror(errno)))")
        }
        return TryScratch(path: String(cString: made))
    }

    /// The `$UPDRAFT_XCOM` file's bytes, or nil when the task did not write it.
    func readXComFile() -> Data? {
        FileManager.default.contents(atPath: xcomPath)
    }

    /// Removes the folder and what the task left in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
