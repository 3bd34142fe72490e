#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UpdraftCore
import UpdraftStore
import UpdraftWire

/// Two `updraft scheduler` processes, each with its own home and store, linked by an
/// `external_task` sensor whose `endpoint` is the other scheduler's event bus. The buses are
/// CURVE servers: the consumer's sensor names the producer's `scheduler.pub` (`server_key`),
/// and the producer allows the consumer home's `client.pub` (`--allow-key`).
@Suite("two updraft scheduler processes linked over tcp://127.0.0.1", .timeLimit(.minutes(2)))
struct LinkedSchedulersTests {
    /// A free tcp port on 127.0.0.1 (bound, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `updraft scheduler` on `home` (executor and events on free local ports unless given).
    static func startScheduler(home: String, events: String, allowKey: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = UpdraftBinaryTests.binary
        process.arguments = ["scheduler", "--home", home, "--dags-folder", home + "/dags",
                             "--executor-endpoint", "tcp://127.0.0.1:0", "--events-endpoint", events]
            + (allowKey.map { ["--allow-key", $0] } ?? [])
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: home + "/out.log"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: home + "/err.log"))
        try process.run()
        return process
    }

    static func home(_ dagFile: String, _ yaml: String) throws -> String {
        let path = try CLIPaths.temporaryFolder()
        try FileManager.default.createDirectory(atPath: path + "/dags", withIntermediateDirectories: true)
        try yaml.write(toFile: path + "/dags/\(dagFile)", atomically: true, encoding: .utf8)
        for log in ["out.log", "err.log"] { _ = FileManager.default.createFile(atPath: path + "/" + log, contents: nil) }
        return path
    }

    /// The state of `taskId` in the only run of `dagId` in the store of `home`.
    static func state(_ home: String, _ dagId: String, _ taskId: String) async -> TaskInstanceState? {
        guard FileManager.default.fileExists(atPath: home + "/updraft.db"),
              let store = try? SQLiteStore(path: home + "/updraft.db"),
              let run = try? await store.dagRuns(dagId: dagId, states: nil, limit: nil).first,
              let rows = try? await store.taskInstances(dagId: dagId, runId: run.runId) else { return nil }
        return rows.first { $0.id.taskId == taskId }?.state
    }

    static func eventually(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    /// The producer's home: daily DAG `producer` (no catch-up) with `tasks` (YAML list items).
    static func producerHome(tasks: String) throws -> String {
        try home("producer.yml", """
            dag_id: producer
            schedule: "@daily"
            start_date: 2026-01-01
            catchup: false
            tasks:

            """ + tasks)
    }

    /// Key pairs made before either starts: the producer's scheduler pair and the consumer
    /// home's client pair (each scheduler then uses the pair it finds in its home).
    static func keys(producer: String, consumer: String) throws {
        try CurveKeyFile.write(try CurveKeyPair.generate(), directory: producer + "/curve", name: "scheduler")
        try CurveKeyFile.write(try CurveKeyPair.generate(), directory: consumer + "/curve", name: "client")
    }

    /// The consumer's home: DAG `consumer`, whose `wait_remote` sensor waits for `publish`
    /// of DAG `producer` on the event bus at 127.0.0.1:`producerEvents`, whose scheduler's
    /// public key is in `producerHome`.
    static func consumerHome(producerEvents port: Int, producerHome: String) throws -> String {
        try home("consumer.yml", """
            dag_id: consumer
            schedule: "@daily"
            start_date: 2026-01-01
            catchup: false
            tasks:
              - task_id: wait_remote
                sensor: external_task
                external_dag_id: producer
                external_task_id: publish
                endpoint: tcp://127.0.0.1:\(port)
                server_key: \(producerHome)/curve/scheduler.pub
                timeout: 60s
            """)
    }

    /// Waits up to 30 s for the consumer's sensor to succeed; records `failure` and the
    /// consumer's stderr otherwise.
    static func expectSensorSucceeds(_ consumerHome: String, _ failure: String) async {
        let linked = await eventually(30) { await state(consumerHome, "consumer", "wait_remote") == .success }
        if !linked {
            let logs = (try? String(contentsOfFile: consumerHome + "/err.log", encoding: .utf8)) ?? ""
            Issue.record("\(failure); consumer stderr: \(logs.suffix(2000))")
        }
    }

    /// SIGTERM to both, then polls (without blocking a thread) until both exited.
    static func stop(_ processes: Process...) async {
        for process in processes { process.terminate() }
        #expect(await eventually(30) { processes.allSatisfy { !$0.isRunning } })
    }

    @Test("the consumer's sensor waits, then succeeds when the producer's task succeeds in the other process")
    func linked() async throws {
        let port = try Self.freePort()
        let producerHome = try Self.producerHome(tasks: """
              - task_id: hold
                sensor: command
                command: "sleep 1"
                poke_interval: 1s
              - task_id: publish
                empty: true
                upstream: [hold]
            """)
        let consumerHome = try Self.consumerHome(producerEvents: port, producerHome: producerHome)
        try Self.keys(producer: producerHome, consumer: consumerHome)
        let consumer = try Self.startScheduler(home: consumerHome, events: "tcp://127.0.0.1:0")
        defer { if consumer.isRunning { consumer.terminate() } }
        #expect(await Self.eventually(30) { await Self.state(consumerHome, "consumer", "wait_remote") == .upForReschedule })

        let producer = try Self.startScheduler(home: producerHome, events: "tcp://127.0.0.1:\(port)",
                                               allowKey: consumerHome + "/curve/client.pub")
        defer { if producer.isRunning { producer.terminate() } }
        await Self.expectSensorSucceeds(consumerHome, "consumer sensor did not succeed")
        #expect(await Self.state(producerHome, "producer", "publish") == .success)
        await Self.stop(producer, consumer)
    }

    @Test("the producer's run ended before the consumer started: the replay on subscription settles the sensor")
    func producerFirst() async throws {
        let port = try Self.freePort()
        let producerHome = try Self.producerHome(tasks: """
              - task_id: publish
                empty: true
            """)
        let consumerHome = try Self.consumerHome(producerEvents: port, producerHome: producerHome)
        try Self.keys(producer: producerHome, consumer: consumerHome)
        let producer = try Self.startScheduler(home: producerHome, events: "tcp://127.0.0.1:\(port)",
                                               allowKey: consumerHome + "/curve/client.pub")
        defer { if producer.isRunning { producer.terminate() } }
        #expect(await Self.eventually(30) { await Self.state(producerHome, "producer", "publish") == .success })
        // No event about `publish` will ever be sent again: only the replay can tell the consumer.
        let consumer = try Self.startScheduler(home: consumerHome, events: "tcp://127.0.0.1:0")
        defer { if consumer.isRunning { consumer.terminate() } }
        await Self.expectSensorSucceeds(consumerHome, "consumer sensor did not succeed from the replay")
        await Self.stop(producer, consumer)
    }
}
