import Foundation
import Testing
@testable import UpdraftRuntime

@Suite("Autoscaler: spawners")
struct CommandWorkerSpawnerTests {
    let request = SpawnRequest(workerID: "spawned-heavy-1", queue: "heavy", concurrency: 2, endpoint: "tcp://10.0.0.1:7433")

    @Test("the template gets every placeholder, hosts round-robin")
    func render() throws {
        let spawner = try CommandWorkerSpawner(
            template: "ssh {host} updraft worker --connect {endpoint} --queues {queue} --id {worker_id} --concurrency {concurrency}",
            hosts: ["a", "b"])
        #expect(spawner.render(request, host: "a")
            == "ssh a updraft worker --connect tcp://10.0.0.1:7433 --queues heavy --id spawned-heavy-1 --concurrency 2")
    }

    @Test("values with shell syntax are quoted")
    func quoting() throws {
        let spawner = try CommandWorkerSpawner(template: "echo {queue}")
        var odd = request
        odd.queue = "x; rm -rf / 'y'"
        #expect(spawner.render(odd, host: nil) == #"echo 'x; rm -rf / '\''y'\'''"#)
    }

    @Test("bad templates are refused with a clear message")
    func badTemplates() {
        #expect(throws: SpawnError("spawn command template is empty")) { try CommandWorkerSpawner(template: "  ") }
        #expect(throws: SpawnError("spawn command template uses {host} but no hosts were given")) {
            try CommandWorkerSpawner(template: "ssh {host} updraft worker")
        }
        do {
            _ = try CommandWorkerSpawner(template: "run {queue} {nope}")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown placeholder {nope}"))
        }
    }

    @Test("the local spawner starts this binary's worker command (no key files: --insecure-plaintext)")
    func localArguments() {
        let spawner = LocalWorkerSpawner(executable: "/usr/bin/updraft")
        #expect(spawner.parentPid == getpid())
        #expect(spawner.arguments(for: request) == [
            "/usr/bin/updraft", "worker", "--connect", "tcp://10.0.0.1:7433", "--queues", "heavy",
            "--id", "spawned-heavy-1", "--concurrency", "2", "--parent-pid", String(getpid()), "--insecure-plaintext",
        ])
    }
}
