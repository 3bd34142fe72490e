import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerRecord: a registered worker's phase, link and first heartbeat")
struct WorkerRecordTests {
    static func record(confirmed: Bool, capacity: Int = 2) -> WorkerRecord {
        var hello = WireWorkerHello()
        hello.workerID = "w1"
        hello.queues = ["default"]
        hello.capacity = UInt32(capacity)
        return WorkerRecord(hello: hello, peer: PeerID("w1"), now: .now, confirmed: confirmed)
    }

    @Test("joining takes nothing until confirmed; serving takes its queues only")
    func joiningThenServing() {
        var w = Self.record(confirmed: false)
        #expect(w.phase == .joining && !w.isConfirmed)
        #expect(!w.canTake(queue: "default"))
        let first = w.confirm()
        let second = w.confirm()
        #expect(first)
        #expect(!second, "confirmed once")
        #expect(w.phase == .serving && w.canTake(queue: "default"))
        #expect(!w.canTake(queue: "sensitive"))
    }

    @Test("a failed send makes it unreachable until it is heard from")
    func link() {
        var w = Self.record(confirmed: true)
        w.sendFailed()
        #expect(w.link == .unreachable && !w.canTake(queue: "default"))
        w.heard(at: .now)
        #expect(w.link == .reachable && w.canTake(queue: "default"))
    }

    @Test("draining is final: no tries, and a late confirmation does not undo it")
    func draining() {
        var w = Self.record(confirmed: false)
        w.drain()
        let confirmed = w.confirm()
        #expect(!confirmed)
        #expect(w.phase == .draining && !w.canTake(queue: "default"))
        #expect(w.snapshot.draining)
        w.heard(at: .now)
        #expect(!w.canTake(queue: "default"))
    }

    @Test("no free slot, no try; the first heartbeat is told apart from the next ones")
    func slotsAndFirstHeartbeat() {
        var w = Self.record(confirmed: true, capacity: 1)
        var key = WireTaskInstanceKey()
        key.taskID = "t"
        w.running.insert(key)
        #expect(w.freeSlots == 0 && !w.canTake(queue: "default"))
        let first = w.heartbeatReceived()
        let next = w.heartbeatReceived()
        #expect(first)
        #expect(!next)
        #expect(w.firstHeartbeat == .received)
    }
}
