import CZeroMQ
import Testing
@testable import UpdraftWire

@Suite("ZMQSocket options")
struct SocketOptionTests {
    @Test("options are applied and read back")
    func optionsRoundTrip() throws {
        let socket = try ZMQSocket(.dealer, context: ZMQContext())
        try socket.setLinger(25)
        try socket.setSendHighWaterMark(7)
        try socket.setReceiveHighWaterMark(9)
        try socket.setHeartbeat(interval: 100, timeout: 300, ttl: 600)
        try socket.setReconnectInterval(50)
        try socket.setMaxMessageSize(4096)
        try socket.setRoutingID(Array("me".utf8))
        #expect(try socket.intOption(ZMQ_LINGER) == 25)
        #expect(try socket.intOption(ZMQ_SNDHWM) == 7)
        #expect(try socket.intOption(ZMQ_RCVHWM) == 9)
        #expect(try socket.intOption(ZMQ_HEARTBEAT_IVL) == 100)
        #expect(try socket.intOption(ZMQ_HEARTBEAT_TIMEOUT) == 300)
        #expect(try socket.intOption(ZMQ_RECONNECT_IVL) == 50)
    }

    @Test("a closed socket throws a typed closed error instead of crashing")
    func closedSocket() throws {
        let socket = try ZMQSocket(.pair, context: ZMQContext())
        socket.close()
        #expect(socket.isClosed)
        let error = #expect(throws: WireError.self) { try socket.connect("inproc://anything") }
        #expect(error?.code == .closed)
        #expect(error?.endpoint == "inproc://anything")
    }

    @Test("a socket option libzmq refuses is a typed error with its errno")
    func refusedOption() throws {
        let socket = try ZMQSocket(.pub, context: ZMQContext())
        let error = #expect(throws: WireError.self) { try socket.setOption(9999, 1) }
        #expect(error?.errno == EINVAL)
        #expect(error?.operation == "setsockopt(9999)")
    }
}
