import Foundation

/// Slows down password guessing: after ``maxFailures`` wrong passwords for one username
/// within ``window``, further logins for it are refused (429 with `Retry-After`) until the
/// oldest failure is a ``window`` old, whatever password they carry.
actor LoginThrottle {
    static let maxFailures = 5
    static let window: TimeInterval = 60
    /// Usernames tracked at most (unknown names count too, so that guessing names is slowed).
    static let capacity = 10_000

    private var failures: [String: [Date]] = [:]

    /// Seconds to wait before `username` may try again, or nil when it may now.
    func retryAfter(_ username: String, now: Date) -> Int? {
        let recent = prune(username, now: now)
        guard recent.count >= Self.maxFailures, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(Self.window).timeIntervalSince(now)).rounded(.up)))
    }

    /// Records a wrong password for `username`.
    func fail(_ username: String, now: Date) {
        if failures.count >= Self.capacity, failures[username] == nil {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } }
            if failures.count >= Self.capacity { failures.removeAll() }
        }
        failures[username, default: []].append(now)
    }

    /// Forgets the failures of `username` (after a successful login).
    func succeed(_ username: String) {
        failures[username] = nil
    }

    private func prune(_ username: String, now: Date) -> [Date] {
        let recent = (failures[username] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        failures[username] = recent.isEmpty ? nil : recent
        return recent
    }
}
