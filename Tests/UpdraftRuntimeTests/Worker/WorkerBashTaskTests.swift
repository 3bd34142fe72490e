import Foundation
import Testing
import UpdraftProtocol
@testable import UpdraftRuntime

@Suite("Worker runs bash tasks", .serialized)
struct WorkerBashTaskTests {
    @Test("success: last stdout line is return_value (JSON kept), exit code 0, pid reported")
    func successWithReturnValue() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("ok", #"echo starting; echo '{"rows": 3}'"#)
        try await h.executor.send(.taskDispatch(dispatch))
        let started = try await h.executor.started(dispatch.key)
        let finished = try await h.executor.finished(dispatch.key)
        #expect(started.pid > 0)
        #expect(started.workerID == h.worker.configuration.workerId)
        #expect(finished.state == .success)
        #expect(finished.exitCode == 0)
        #expect(finished.errorMessage == "")
        #expect(finished.xcomOutputs.map(\.key) == ["return_value"])
        #expect(String(decoding: finished.xcomOutputs[0].json, as: UTF8.self) == #"{"rows": 3}"#)
        #expect(finished.xcomOutputs[0].taskID == "ok")
        await h.stop()
    }

    @Test("a last line that is not JSON becomes a JSON string; context variables are set")
    func environmentAndStringValue() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash(
            "env", #"echo "$UPDRAFT_DAG_ID $AIRFLOW_CTX_TASK_ID $UPDRAFT_TRY_NUMBER $UPDRAFT_MAP_INDEX $UPDRAFT_LOGICAL_DATE $MY_VAR""#
        ) { $0.env = ["MY_VAR": "from-dispatch"] }
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .success)
        let value = String(decoding: finished.xcomOutputs.first?.json ?? Data(), as: UTF8.self)
        #expect(value == #""dag env 1 -1 2026-11-22T00:00:00+00:00 from-dispatch""#)
        await h.stop()
    }

    @Test("key/value JSON written to $UPDRAFT_XCOM becomes XCom values")
    func xcomFile() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("push", #"echo '{"path": "s3://b/k", "count": 2}' > "$UPDRAFT_XCOM"; echo done"#)
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .success)
        let values = Dictionary(uniqueKeysWithValues: finished.xcomOutputs.map { ($0.key, String(decoding: $0.json, as: UTF8.self)) })
        #expect(values == ["return_value": #""done""#, "path": #""s3://b/k""#, "count": "2"])
        await h.stop()
    }

    @Test("an $UPDRAFT_XCOM file that is not a JSON object fails the task, naming the file")
    func badXComFile() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("badxcom", #"echo 'not json' > "$UPDRAFT_XCOM""#)
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage.contains("$UPDRAFT_XCOM file"))
        #expect(finished.errorMessage.contains("is not a JSON object"))
        await h.stop()
    }

    @Test("exit 99 (in skip_on_exit_codes) is skipped; without it, failed")
    func skipOnExitCode() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let skipped = WorkerDispatches.bash("skip", "exit 99")
        let failed = WorkerDispatches.bash("noskip", "exit 99") { $0.skipOnExitCodes = [] }
        try await h.executor.send(.taskDispatch(skipped))
        try await h.executor.send(.taskDispatch(failed))
        let a = try await h.executor.finished(skipped.key)
        let b = try await h.executor.finished(failed.key)
        #expect(a.state == .skipped)
        #expect(a.exitCode == 99)
        #expect(b.state == .failed)
        #expect(b.errorMessage == "exit code 99")
        await h.stop()
    }

    @Test("failure: exit code and the last stderr line; stderr is logged")
    func failureMessage() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("fail", "echo 'first problem' >&2; echo 'disk full' >&2; exit 3")
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.exitCode == 3)
        #expect(finished.errorMessage == "exit code 3: disk full")
        #expect(finished.xcomOutputs.isEmpty)
        let stderr = h.executor.logChunks(dispatch.key, .stderr).map { String(decoding: $0.data, as: UTF8.self) }.joined()
        #expect(stderr == "first problem\ndisk full\n")
        await h.stop()
    }

    @Test("a cwd that is not a directory fails the task saying so")
    func badCwd() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("cwd", "true") { $0.cwd = "/nonexistent/updraft-cwd" }
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "cwd '/nonexistent/updraft-cwd' does not exist or is not a directory")
        await h.stop()
    }

    @Test("the dispatch's cwd is the working directory")
    func cwd() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("pwd", "pwd") { $0.cwd = "/usr" }
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(String(decoding: finished.xcomOutputs.first?.json ?? Data(), as: UTF8.self) == #""/usr""#)
        await h.stop()
    }

    @Test("execution_timeout kills the whole process group")
    func timeoutKillsGroup() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("slow", "sleep 100 & echo $!; sleep 100") { $0.executionTimeoutMs = 1500 }
        try await h.executor.send(.taskDispatch(dispatch))
        let started = try await h.executor.started(dispatch.key)
        // The background sleep and the foreground one (bash execs its last command) share the group.
        let members = try await h.executor.waitFor("2 processes in the task's group") { _ in
            let pids = processGroupMembers(Int32(started.pid))
            return pids.count >= 2 ? pids : nil
        }
        #expect(members.contains(Int32(started.pid)))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "execution_timeout (1.5s) exceeded: killed process group")
        let survivors = try await h.executor.waitFor("the group to be gone", timeout: .seconds(60)) { _ in
            members.allSatisfy { !processIsAlive($0) } ? [Int32]() : nil
        }
        #expect(survivors.isEmpty)
        #expect(processGroupMembers(Int32(started.pid)).isEmpty)
        await h.stop()
    }

    @Test("leftovers: the group is killed when the main process exits; a setsid escapee cannot hold the try open")
    func leftovers() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let grouped = WorkerDispatches.bash("grouped", "sleep 100 & echo $!")
        // The script waits until the escapee has really left its process group (setsid runs
        // in the background child a moment later: a CI run ended the script and killed the
        // group before that, taking the would-be escapee with it).
        let escaped = WorkerDispatches.bash("escaped", """
            setsid sleep 100 & p=$!; while [ "$(cut -d' ' -f5 /proc/$p/stat)" = "$(cut -d' ' -f5 /proc/$$/stat)" ]; do sleep 0.01; done; echo $p
            """)
        try await h.executor.send(.taskDispatch(grouped))
        try await h.executor.send(.taskDispatch(escaped))
        let a = try await h.executor.finished(grouped.key)
        let b = try await h.executor.finished(escaped.key)
        #expect(a.state == .success)
        #expect(b.state == .success)
        let groupedSleep = Int32(String(decoding: a.xcomOutputs.first?.json ?? Data(), as: UTF8.self)) ?? 0
        let escapedSleep = Int32(String(decoding: b.xcomOutputs.first?.json ?? Data(), as: UTF8.self)) ?? 0
        #expect(groupedSleep > 0 && escapedSleep > 0)
        _ = try await h.executor.waitFor("the grouped sleep to die", timeout: .seconds(60)) { _ in
            processIsAlive(groupedSleep) ? nil : true
        }
        // The escapee left the process group on purpose: not ours to kill; the test cleans up.
        #expect(processIsAlive(escapedSleep))
        kill(escapedSleep, SIGKILL)
        await h.stop()
    }

    @Test("task_cancel kills the task and reports failed with the reason")
    func cancel() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("cancelme", "sleep 100")
        try await h.executor.send(.taskDispatch(dispatch))
        let started = try await h.executor.started(dispatch.key)
        try await h.executor.send(.taskCancel(.with { $0.key = dispatch.key; $0.reason = "user asked" }))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "cancelled: user asked")
        #expect(!processIsAlive(Int32(started.pid)))
        await h.stop()
    }

    @Test("a return value over the inline limit fails the task with the sizes")
    func oversizeXCom() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        // A JSON string of exactly 70000 bytes: a quote, 69998 x, a quote.
        let dispatch = WorkerDispatches.bash("big", #"printf '"'; head -c 69998 /dev/zero | tr '\0' x; printf '"\n'"#)
        try await h.executor.send(.taskDispatch(dispatch))
        let finished = try await h.executor.finished(dispatch.key)
        #expect(finished.state == .failed)
        #expect(finished.errorMessage == "XCom 'return_value' is 70000 bytes, over the inline limit of 65536 bytes (max_inline_xcom_bytes)")
        #expect(finished.xcomOutputs.isEmpty)
        await h.stop()
    }

    @Test("log chunks arrive in order, hold all the output, and come before task_finished")
    func logChunksInOrder() async throws {
        let h = try await WorkerHarness.start { $0.maxLogChunkBytes = 1000 }
        try await h.executor.welcome()
        let dispatch = WorkerDispatches.bash("chatty", "for i in $(seq 1 3000); do echo \"line $i\"; done")
        try await h.executor.send(.taskDispatch(dispatch))
        _ = try await h.executor.finished(dispatch.key)
        let chunks = h.executor.logChunks(dispatch.key, .stdout)
        #expect(chunks.count > 10)
        #expect(chunks.map(\.sequence) == (0..<UInt64(chunks.count)).map { $0 })
        #expect(chunks.allSatisfy { $0.data.count <= 1000 })
        let text = chunks.map { String(decoding: $0.data, as: UTF8.self) }.joined()
        #expect(text == (1...3000).map { "line \($0)\n" }.joined())
        let kinds = h.executor.messages.filter {
            if case .taskLogChunk(let c) = $0 { return c.key == dispatch.key }
            if case .taskFinished(let f) = $0 { return f.key == dispatch.key }
            return false
        }
        if case .taskFinished = kinds.last {} else { Issue.record("task_finished is not the last message of the try") }
        await h.stop()
    }

    @Test("a bash branch reports the chosen task ids from its last line")
    func bashBranch() async throws {
        let h = try await WorkerHarness.start()
        try await h.executor.welcome()
        let commas = WorkerDispatches.bash("pick", "echo 'left, right'") { $0.kind = .branch }
        let json = WorkerDispatches.bash("pickjson", #"echo '["only"]'"#) { $0.kind = .branch }
        try await h.executor.send(.taskDispatch(commas))
        try await h.executor.send(.taskDispatch(json))
        #expect(try await h.executor.finished(commas.key).chosenTaskIds == ["left", "right"])
        #expect(try await h.executor.finished(json.key).chosenTaskIds == ["only"])
        await h.stop()
    }
}
