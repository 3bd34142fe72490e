import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import UpdraftRuntime

/// `updraft worker-guardian` (internal, started by workers): reads `+PGID` / `-PGID` lines
/// on standard input and, when it ends (the worker exited, even by SIGKILL), kills every
/// process group still listed. See ``ProcessGroupGuardian``.
struct WorkerGuardianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker-guardian",
        abstract: "Internal: kills a worker's task process groups when the worker dies.",
        shouldDisplay: false
    )

    func run() throws {
        // Terminal signals are for the worker, which stops its tasks itself; this process
        // ends when the worker's pipe does.
        signal(SIGINT, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        var groups = GuardedGroups()
        while let line = readLine() { groups.apply(Substring(line)) }
        for pgid in groups.groups.sorted() { _ = kill(-pgid, SIGKILL) }
    }
}
