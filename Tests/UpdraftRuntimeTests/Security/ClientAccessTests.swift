import Foundation
import Testing
import UpdraftProtocol
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// The allow-list's decisions as values: who passes the ZAP handshake on which socket, what
/// a worker key may serve, and that the dispatch planner honours it on every dispatch.
@Suite("client access: roles per socket, queues per worker key")
struct ClientAccessTests {
    static let home = try! CurveKeyPair.generate().publicKey
    static let etl = try! CurveKeyPair.generate().publicKey
    static let dash = try! CurveKeyPair.generate().publicKey
    static let wide = try! CurveKeyPair.generate().publicKey

    static var snapshot: ClientAccessSnapshot {
        ClientAccessSnapshot(fixed: [home: "home"]).replacingStored([
            AllowedKeyRecord(name: "etl-1", publicKey: etl.z85, role: .worker, queues: ["etl"], addedAt: Date()),
            AllowedKeyRecord(name: "dash", publicKey: dash.z85, role: .subscriber, addedAt: Date()),
            AllowedKeyRecord(name: "wide", publicKey: wide.z85, role: .worker, addedAt: Date()),
        ])
    }

    func decide(_ key: CurveKey?, _ domain: String, mechanism: String = "CURVE") -> ZAPDecision {
        Self.snapshot.decide(ZAPRequest(domain: domain, address: "127.0.0.1", routingID: [], mechanism: mechanism, clientKey: key))
    }

    @Test("the home's key passes everywhere; a worker key only the executor; a subscriber key only events and stats")
    func roles() throws {
        for domain in ["executor", "events", "stats"] { #expect(decide(Self.home, domain) == .allow(userID: "home")) }
        #expect(decide(Self.etl, "executor") == .allow(userID: "etl-1"))
        #expect(decide(Self.dash, "events") == .allow(userID: "dash"))
        #expect(decide(Self.dash, "stats") == .allow(userID: "dash"))
        guard case .deny(let reason) = decide(Self.etl, "events") else { Issue.record("a worker key read events"); return }
        #expect(reason.contains("role worker") && reason.contains("'etl-1'") && !reason.contains(Self.etl.z85))
        guard case .deny = decide(Self.dash, "executor") else { Issue.record("a subscriber key reached the executor"); return }
        guard case .deny(let unknown) = decide(try CurveKeyPair.generate().publicKey, "executor") else { Issue.record("unknown key"); return }
        #expect(unknown.contains("is not allowed"))
        guard case .deny = decide(nil, "executor", mechanism: "NULL") else { Issue.record("no CURVE"); return }
    }

    @Test("a stored key named like a fixed one is refused (its User-Id would pass for the fixed key's)")
    func nameCollision() {
        let other = try! CurveKeyPair.generate().publicKey
        let snapshot = Self.snapshot.replacingStored([AllowedKeyRecord(name: "home", publicKey: other.z85, role: .worker, addedAt: Date())])
        guard case .deny = snapshot.decide(ZAPRequest(domain: "executor", address: "", routingID: [], mechanism: "CURVE", clientKey: other))
        else { Issue.record("a stored 'home' key passed"); return }
    }

    @Test("worker grants: queues per key, revoked and subscriber keys denied; a hello's refusal names the queue")
    func grants() {
        let snapshot = Self.snapshot
        #expect(snapshot.workerGrant(userID: "home") == .allQueues)
        #expect(snapshot.workerGrant(userID: "wide") == .allQueues)
        #expect(snapshot.workerGrant(userID: "etl-1") == .queues(["etl"]))
        #expect(snapshot.workerGrant(userID: "etl-1").refusal(forHello: ["etl"], userID: "etl-1") == nil)
        #expect(snapshot.workerGrant(userID: "etl-1").refusal(forHello: ["etl", "sensitive"], userID: "etl-1")
            == "key 'etl-1' may not serve queue 'sensitive' (allowed: etl)")
        guard case .denied(let revoked) = snapshot.workerGrant(userID: "gone") else { Issue.record("unknown name granted"); return }
        #expect(revoked.contains("revoked"))
        guard case .denied = snapshot.workerGrant(userID: "dash") else { Issue.record("a subscriber granted queues"); return }
    }

    @Test("the planner never gives a worker a try of a queue its key does not allow, whatever its hello said")
    func plannerHonoursGrants() {
        var hello = WireWorkerHello()
        hello.workerID = "w-etl"
        hello.queues = ["etl", "sensitive"]
        hello.capacity = 8
        let now = ContinuousClock.now
        var workers = [PeerID("w-etl"): WorkerRecord(hello: hello, peer: PeerID("w-etl"), now: now, confirmed: true,
                                                     userID: "etl-1", grant: .queues(["etl"]))]
        var pending = PendingWork()
        for (i, queue) in ["sensitive", "etl", "sensitive"].enumerated() {
            var dispatch = WireTaskDispatch()
            dispatch.key.dagID = "d"
            dispatch.key.runID = "r"
            dispatch.key.taskID = "t\(i)"
            dispatch.key.tryNumber = 1
            dispatch.queue = queue
            _ = pending.insert(TaskWork(dispatch: dispatch, priority: 0), queue: queue)
        }
        let assignments = DispatchPlanner.plan(pending: &pending, workers: &workers)
        #expect(assignments.map(\.work.dispatch.key.taskID) == ["t1"])
        #expect(pending.counts == ["sensitive": 2])
    }
}
