import Dispatch

/// Runs blocking work (file reads, `kill(pid, 0)`) on a dispatch queue so that no thread
/// of Swift's cooperative pool waits on it.
enum OffPool {
    /// The result of `work`, run on a global queue.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
