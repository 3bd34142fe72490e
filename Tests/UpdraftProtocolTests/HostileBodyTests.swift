import Testing
import UpdraftProtocol
import UpdraftWire

/// Bodies built to cost the receiver: deep nesting, huge length claims, many bad entries.
/// Each is refused with malformed_body at bounded cost.
@Suite("Hostile bodies")
struct HostileBodyTests {
    let codec = UpdraftCodec()

    func malformedMessage(_ body: [UInt8], _ kind: MessageKind) -> String? {
        do {
            let decoded = try codec.decodeBody(body, type: kind.rawValue)
            Issue.record("decoded a hostile body as \(decoded.kind.name)")
            return nil
        } catch {
            #expect(error.code == .malformedBody)
            return error.message
        }
    }

    @Test("100 000 nested unknown groups hit the depth limit instead of the stack")
    func deepGroups() {
        // Field 127, wire type 3 (start group) = varint 0x3FB = FB 07, repeated.
        let body = Array([[UInt8]](repeating: [0xFB, 0x07], count: 100_000).joined())
        for kind in [MessageKind.heartbeat, .taskDispatch, .statsReply] {
            let message = malformedMessage(body, kind)
            #expect(message?.contains("messageDepthLimit") == true, "\(message ?? "-")")
        }
    }

    @Test("a length prefix of 4 GiB with nothing behind it is malformed")
    func hugeLengthClaim() {
        #expect(malformedMessage([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], .workerHello) != nil)
    }

    @Test("100 000 empty running keys give an error of at most ten problems")
    func boundedProblems() throws {
        // Heartbeat field 4 (running), length 0: an empty TaskInstanceKey, repeated.
        let body = Array([[UInt8]](repeating: [0x22, 0x00], count: 100_000).joined())
        let message = try #require(malformedMessage(body, .heartbeat))
        let problems = message.split(separator: ";")
        #expect(problems.count <= 10 + 4)  // the check stops at 10; one key adds up to 4 more
        #expect(message.hasPrefix("heartbeat: sender_id is empty; running[0].dag_id is empty"))
        #expect(message.count < 1_000)
    }
}
