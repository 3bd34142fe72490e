import Testing
import UpdraftProtocol

@Suite("Handshake version negotiation")
struct VersionNegotiationTests {
    @Test("the highest common version wins", arguments: [
        (UInt32(1), UInt32(1), UInt16(1), UInt16(1), UInt16?(1)),
        (1, 5, 1, 3, 3),
        (2, 5, 1, 3, 3),
        (1, 2, 2, 4, 2),
        (4, 5, 1, 3, nil),
        (1, 1, 2, 3, nil),
    ])
    func highestCommon(workerMin: UInt32, workerMax: UInt32, execMin: UInt16, execMax: UInt16, expected: UInt16?) {
        #expect(VersionNegotiation.highestCommon(offered: workerMin...workerMax, supported: execMin...execMax) == expected)
    }

    func hello(min: UInt32, max: UInt32) -> WireWorkerHello {
        .with {
            $0.workerID = "w1"; $0.queues = ["default"]; $0.capacity = 2
            $0.minProtocolVersion = min; $0.maxProtocolVersion = max
        }
    }

    @Test("a worker speaking versions 1 to 4 is welcomed with the highest common one (2) and the heartbeat settings")
    func welcome() {
        let heartbeat = VersionNegotiation.Heartbeat(intervalMs: 500, timeoutMs: 3_000)
        let decision = VersionNegotiation.decide(hello: hello(min: 1, max: 4), executorID: "e1", heartbeat: heartbeat)
        guard case .welcome(let welcome) = decision else {
            Issue.record("expected a welcome, got \(decision)")
            return
        }
        #expect(welcome.protocolVersion == 2)
        #expect(welcome.workerID == "w1")
        #expect(welcome.executorID == "e1")
        #expect(welcome.heartbeatIntervalMs == 500)
        #expect(welcome.heartbeatTimeoutMs == 3_000)
        #expect(welcome.problems.isEmpty)
    }

    @Test("a worker speaking only version 1 (before batches) is welcomed with version 1")
    func versionOneWorker() {
        guard case .welcome(let welcome) = VersionNegotiation.decide(hello: hello(min: 1, max: 1), executorID: "e1") else {
            Issue.record("expected a welcome")
            return
        }
        #expect(welcome.protocolVersion == 1)
    }

    @Test("no common version is rejected with both ranges in the message")
    func unsupported() {
        let decision = VersionNegotiation.decide(hello: hello(min: 3, max: 4), executorID: "e1")
        guard case .reject(let reject) = decision else {
            Issue.record("expected a reject, got \(decision)")
            return
        }
        #expect(reject.code == .unsupportedVersion)
        #expect(reject.message == "worker speaks protocol versions 3...4, executor speaks 1...2")
        #expect(reject.minProtocolVersion == 1 && reject.maxProtocolVersion == 2)
    }

    @Test("an invalid hello is rejected naming its problems")
    func invalidHello() {
        var bad = hello(min: 1, max: 1)
        bad.queues = []
        let decision = VersionNegotiation.decide(hello: bad, executorID: "e1")
        guard case .reject(let reject) = decision else {
            Issue.record("expected a reject, got \(decision)")
            return
        }
        #expect(reject.code == .invalidHello)
        #expect(reject.message == "invalid hello: queues is empty")
    }
}
