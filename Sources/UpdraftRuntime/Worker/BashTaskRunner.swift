#if canImport(Glibc)
import Glibc
#endif
import Foundation
import UpdraftProtocol

/// Runs a `bash` or command `branch` dispatch: `/bin/bash -c COMMAND` in its own process
/// group, output streamed as `task_log_chunk`s, XCom and branch choice read from the
/// last stdout line and `$UPDRAFT_XCOM`.
///
/// Ends: exit 0 → success; an exit code in `skip_on_exit_codes` → skipped; any other →
/// failed "exit code N: <last stderr line>". A timeout or cancel sends SIGTERM to the
/// group, SIGKILL after the grace period, and fails the try with the reason.
enum BashTaskRunner {
    /// The shell every command runs in.
    static let shell = "/bin/bash"

    static func run(_ context: TryContext) async -> TryOutcome {
        let dispatch = context.dispatch
        let scratch: TryScratch
        do {
            scratch = try TryScratch.make(in: context.configuration.scratchDirectory)
        } catch {
            return await context.failedBeforeStart("\(error)")
        }
        defer { scratch.remove() }
        let cwd = dispatch.cwd.isEmpty ? scratch.path : dispatch.cwd
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory), isDirectory.boolValue else {
            return await context.failedBeforeStart("cwd '\(cwd)' does not exist or is not a directory")
        }
        let environment = TaskEnvironment.build(
            base: context.configuration.environment, dispatch: dispatch, xcomPath: scratch.xcomPath)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable: shell, arguments: [shell, "-c", dispatch.command], environment: environment, cwd: cwd,
                maxChunkBytes: context.configuration.maxLogChunkBytes,
                flushInterval: context.configuration.logFlushInterval, guardian: context.configuration.guardian)
        } catch {
            return await context.failedBeforeStart("\(error)")
        }
        await context.emit([context.started(pid: UInt32(child.pid), at: context.configuration.clock.date)])

        let grace = context.configuration.killGracePeriod
        context.control.onStop { _ in
            child.signalGroup(SIGTERM)
            // Unstructured: the SIGKILL after the grace period, from a synchronous stop callback.
            Task {
                try? await Task.sleep(for: grace)
                child.signalGroup(SIGKILL)
            }
        }
        let timeout = context.control.armTimeout(milliseconds: dispatch.executionTimeoutMs)
        defer { timeout?.cancel() }

        let limit = context.maxInlineXComBytes
        var stdoutTail = LastLineTracker(limit: limit * 4 + 1024)
        var stderrTail = LastLineTracker(limit: 4096)
        var sequences: [UInt64] = [0, 0]
        var exit = ChildExit(code: nil, signal: nil)
        for await event in child.events {
            switch event {
            case .output(let stream, let bytes):
                if stream == .stdout { stdoutTail.feed(bytes) } else { stderrTail.feed(bytes) }
                let chunk = WireTaskLogChunk.with {
                    $0.key = dispatch.key
                    $0.stream = stream == .stdout ? .stdout : .stderr
                    $0.sequence = sequences[stream.rawValue]
                    $0.data = Data(bytes)
                }
                sequences[stream.rawValue] += 1
                await context.emit([.taskLogChunk(chunk)])
            case .exited(let ended):
                exit = ended
            }
        }
        return outcome(
            of: exit, context: context, stdoutTail: stdoutTail, stderrTail: stderrTail,
            xcomFile: scratch.readXComFile(), xcomPath: scratch.xcomPath)
    }

    /// Turns the exit and the output's tails into the try's outcome.
    static func outcome(
        of exit: ChildExit, context: TryContext, stdoutTail: LastLineTracker, stderrTail: LastLineTracker,
        xcomFile: Data?, xcomPath: String
    ) -> TryOutcome {
        let dispatch = context.dispatch
        let code = exit.shellCode
        if let reason = context.control.reason {
            return .failed(reason.message(processGroup: true), exitCode: code)
        }
        if exit.code == 0 {
            do throws(XComFailure) {
                let collector = XComCollector(
                    taskId: dispatch.key.taskID, mapIndex: dispatch.key.mapIndex, maxInlineBytes: context.maxInlineXComBytes)
                let xcom = try collector.collect(lastLine: stdoutTail, xcomFile: xcomFile, xcomPath: xcomPath)
                let chosen = try dispatch.kind == .branch ? BranchChoice.parse(line: stdoutTail.text) : []
                return .success(xcom: xcom, chosen: chosen, exitCode: 0)
            } catch {
                return .failed(error.message, exitCode: 0)
            }
        }
        if let status = exit.code, dispatch.skipOnExitCodes.contains(status) {
            return TryOutcome(state: .skipped, errorMessage: "exit code \(status) is in skip_on_exit_codes", exitCode: status)
        }
        var message = exit.signal.map { "killed by signal \($0)" } ?? "exit code \(code)"
        if let line = stderrTail.text, !line.isEmpty { message += ": \(line.prefix(1000))" }
        return .failed(message, exitCode: code)
    }
}
