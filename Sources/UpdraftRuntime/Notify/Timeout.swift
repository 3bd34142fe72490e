/// Runs `operation`, cancelling it and throwing `onTimeout()` when it takes longer than `limit`.
func withTimeout<T: Sendable>(
    _ limit: Duration, onTimeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw onTimeout()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
