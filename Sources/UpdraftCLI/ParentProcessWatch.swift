#if canImport(Glibc)
import Glibc
#endif

/// Watches for the end of the process that started this one: `updraft worker --parent-pid P`
/// checks `getppid()` every `interval` and calls `onExit` once when it is no longer `P`
/// (the parent died and the kernel re-parented this process). The workers that
/// `updraft standalone` / `updraft scheduler --spawn local` start carry it, so they do not
/// outlive a scheduler that was killed. A cheap syscall on a timer: nothing blocks.
enum ParentProcessWatch {
    /// Whether `pid` is still this process's parent.
    static func isParent(_ pid: Int32) -> Bool { getppid() == pid }

    /// Starts watching; cancel the task to stop.
    static func start(parent pid: Int32, every interval: Duration = .milliseconds(500),
                      onExit: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        // Unstructured: the caller holds the task and cancels it to stop watching.
        Task {
            while !Task.isCancelled {
                if !isParent(pid) {
                    await onExit()
                    return
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
