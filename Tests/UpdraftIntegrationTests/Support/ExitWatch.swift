import Foundation

/// Notes when the processes of tries that left no end line were first seen gone: an upper
/// bound on when such a try stopped (``TryLedger`` counts it running until then).
struct ExitWatch {
    /// Pid → Unix time it was first seen not running.
    private(set) var gone: [Int: Double] = [:]

    /// Checks each of `pids` not yet seen gone.
    mutating func poll(_ pids: Set<Int>) {
        let now = Date().timeIntervalSince1970
        for pid in pids where gone[pid] == nil && !ProcTable.isRunning(Int32(pid)) { gone[pid] = now }
    }

    /// Pids among `pids` still running.
    func running(_ pids: Set<Int>) -> Set<Int> { pids.filter { gone[$0] == nil } }
}
