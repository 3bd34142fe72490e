import Foundation

/// Reads a file on a dispatch queue, so that async commands do not block a thread of
/// Swift's cooperative pool on the disk.
enum BackgroundFileRead {
    /// The file's bytes, or nil when it cannot be read (missing, a folder, no permission).
    static func contents(atPath path: String) async -> Data? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Data?, Never>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: FileManager.default.contents(atPath: path))
            }
        }
    }
}
