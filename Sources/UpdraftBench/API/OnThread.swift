import Foundation

/// Runs blocking work on a new thread of its own and awaits its result (the load and
/// reader loops of `bench api` block in `recv`; no cooperative thread may).
enum OnThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
