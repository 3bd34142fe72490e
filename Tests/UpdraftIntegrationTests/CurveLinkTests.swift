import Foundation
import Synchronization
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire

/// CurveZMQ between real `updraft scheduler` and `updraft worker` processes over
/// tcp://127.0.0.1: strangers get no work, and a recording proxy on the worker's link sees no
/// command, XCom value or variable in clear (and sees all three with `--insecure-plaintext`,
/// which shows the proxy would catch them).
@Suite("Integration: CURVE on the executor's tcp link", .serialized, .timeLimit(.minutes(3)))
struct CurveLinkTests {
    static let gate = """
        dag_id: it_curve_gate
        schedule: null
        tasks:
          - task_id: t
            bash: "echo gated"
        """

    static let secret = "hunter2-variable-7Qz"
    static let xcom = "xcom-value-MARKER-93"
    static let wire = """
        dag_id: it_curve_wire
        schedule: null
        tasks:
          - task_id: produce
            bash: "printf command-text-MARKER-41 > /dev/null; echo \(xcom)"
          - task_id: consume
            bash: "test \\"{{ ti.xcom_pull(task_ids='produce') }}\\" = \(xcom) && test '{{ var.value.api_credential }}' = \(secret)"
            upstream: [produce]
        """

    /// A DEALER that says hello as a worker would and records whatever comes back.
    final class Intruder: Sendable {
        final class Log: Sendable { let messages = Mutex<[UpdraftMessage]>([]) }
        let port: WirePort<UpdraftCodec>
        let log = Log()
        let reader: Task<Void, Never>

        init(_ endpoint: String, loop: MessageLoop, id: String, curve: CurveSecurity?) async throws {
            var options = PortOptions()
            options.routingID = PeerID(id)
            options.curve = curve
            port = try await loop.connect(.dealer, endpoint, codec: UpdraftCodec(), options: options)
            let port = self.port, log = self.log
            reader = Task { for await batch in port.inbox { log.messages.withLock { $0 += batch.map(\.message) } } }
        }

        var received: [UpdraftMessage] { log.messages.withLock { $0 } }

        func hello(_ id: String) async throws {
            var hello = WireWorkerHello()
            hello.workerID = id
            hello.queues = ["default"]
            hello.capacity = 4
            hello.minProtocolVersion = 1
            hello.maxProtocolVersion = 1
            hello.hostname = "intruder"
            hello.pid = 4242
            try await port.send(.workerHello(hello))
        }

        func close() async {
            await port.close()
            reader.cancel()
        }
    }

    static func states(_ cluster: Cluster, _ dagId: String, _ runId: String) async throws -> [String] {
        try await cluster.store().taskInstances(dagId: dagId, runId: runId)
            .map { "\($0.id.taskId) \($0.state.rawValue) \($0.tryNumber) \($0.workerId ?? "-")" }
    }

    @Test("a raw DEALER with no keys and one with an unknown key get no dispatch, the run's states stay; a worker on the home's key runs it")
    func strangersGetNothing() async throws {
        try await withCluster("curve-gate", dags: ["gate.yml": Self.gate]) { cluster in
            try cluster.startScheduler()
            try await cluster.waitForDag("it_curve_gate")
            let runId = try await cluster.trigger("it_curve_gate")
            let before = try await cluster.waitFor("the try queued for a worker") { () -> [String]? in
                let states = try await Self.states(cluster, "it_curve_gate", runId)
                return states == ["t queued 1 -"] ? states : nil
            }
            let serverKey = try CurveKeyFile.readPublicKey(at: cluster.home + "/curve/scheduler.pub")
            let loop = MessageLoop(name: "intruders")
            let keyless = try await Intruder(cluster.executorEndpoint, loop: loop, id: "keyless", curve: nil)
            let stranger = try await Intruder(cluster.executorEndpoint, loop: loop, id: "stranger",
                                              curve: .client(try CurveKeyPair.generate(), serverKey: serverKey))
            for _ in 0..<10 {
                try await keyless.hello("keyless")
                try await stranger.hello("stranger")
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(keyless.received.isEmpty, "a DEALER without keys was answered: \(keyless.received)")
            #expect(stranger.received.isEmpty, "an unknown key was answered: \(stranger.received)")
            #expect(try await Self.states(cluster, "it_curve_gate", runId) == before)
            await keyless.close()
            await stranger.close()
            await loop.shutdown()

            try cluster.startWorker(id: "known")
            let run = try await cluster.waitForRun("it_curve_gate", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            #expect(try await Self.states(cluster, "it_curve_gate", runId) == ["t success 1 known"])
        }
    }

    @Test("a recording proxy between a worker process and the executor: nothing in clear with CURVE; command, XCom and variable in clear with --insecure-plaintext",
          arguments: [true, false])
    func proxySeesNothing(curve: Bool) async throws {
        try await withCluster("curve-wire-\(curve)", dags: ["wire.yml": Self.wire]) { cluster in
            let set = try await cluster.run(["variables", "set", "api_credential", Self.secret, "--home", cluster.home])
            try await cluster.require(set.status == 0, "variables set: \(set.err)")
            let plain = curve ? [] : ["--insecure-plaintext"]
            try cluster.start("scheduler", ["scheduler", "--home", cluster.home, "--dags-folder", cluster.dagsFolder,
                                            "--executor-endpoint", cluster.executorEndpoint,
                                            "--events-endpoint", cluster.eventsEndpoint] + plain)
            try await cluster.waitForDag("it_curve_wire")
            let port = try #require(cluster.executorEndpoint.split(separator: ":").last.flatMap { UInt16($0) })
            let proxy = try RecordingTCPProxy(targetPort: port)
            defer { proxy.close() }
            try cluster.start("worker-proxied", ["worker", "--connect", proxy.endpoint, "--id", "proxied"] + plain)
            let runId = try await cluster.trigger("it_curve_wire")
            let run = try await cluster.waitForRun("it_curve_wire", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            let tis = try await cluster.taskInstances("it_curve_wire", runId)
            #expect(tis.values.allSatisfy { $0.workerId == "proxied" })
            #expect(proxy.bytes.count > 1_000, "the proxy carried \(proxy.bytes.count) bytes")
            for needle in ["command-text-MARKER-41", Self.xcom, Self.secret, "it_curve_wire", "proxied"] {
                #expect(proxy.saw(needle) == !curve, "\(needle) \(curve ? "in clear on a CURVE link" : "not seen on a plaintext link")")
            }
        }
    }
}
