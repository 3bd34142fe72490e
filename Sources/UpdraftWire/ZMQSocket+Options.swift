#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

extension ZMQSocket {
    /// Sets an integer option (`ZMQ_LINGER`, `ZMQ_SNDHWM`...).
    public func setOption(_ option: Int32, _ value: Int32) throws(WireError) {
        let socket = try live("setsockopt(\(option))")
        var value = value
        guard zmq_setsockopt(socket, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw WireError.zmqCall("setsockopt(\(option))")
        }
    }

    /// Sets a 64-bit integer option (`ZMQ_MAXMSGSIZE`).
    public func setOption(_ option: Int32, int64 value: Int64) throws(WireError) {
        let socket = try live("setsockopt(\(option))")
        var value = value
        guard zmq_setsockopt(socket, option, &value, MemoryLayout<Int64>.size) == 0 else {
            throw WireError.zmqCall("setsockopt(\(option))")
        }
    }

    /// Sets a binary option (`ZMQ_ROUTING_ID`, `ZMQ_SUBSCRIBE`).
    public func setOption(_ option: Int32, bytes: [UInt8]) throws(WireError) {
        let socket = try live("setsockopt(\(option))")
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw WireError.zmqCall("setsockopt(\(option))") }
    }

    /// Reads an integer option.
    public func intOption(_ option: Int32) throws(WireError) -> Int32 {
        let socket = try live("getsockopt(\(option))")
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(socket, option, &value, &size) == 0 else {
            throw WireError.zmqCall("getsockopt(\(option))")
        }
        return value
    }

    /// The endpoint last bound or connected, with `*` ports resolved.
    public var lastEndpoint: String {
        get throws(WireError) {
            let socket = try live("getsockopt(ZMQ_LAST_ENDPOINT)")
            var buffer = [CChar](repeating: 0, count: 512)
            var size = buffer.count
            guard zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
                throw WireError.zmqCall("getsockopt(ZMQ_LAST_ENDPOINT)")
            }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Milliseconds a closing socket keeps trying to deliver unsent messages (0: drop them).
    public func setLinger(_ milliseconds: Int32) throws(WireError) { try setOption(ZMQ_LINGER, milliseconds) }
    /// Send high-water mark: messages queued per peer before sends would block.
    public func setSendHighWaterMark(_ count: Int32) throws(WireError) { try setOption(ZMQ_SNDHWM, count) }
    /// Receive high-water mark: messages queued per peer before libzmq stops reading.
    public func setReceiveHighWaterMark(_ count: Int32) throws(WireError) { try setOption(ZMQ_RCVHWM, count) }
    /// This socket's routing id as seen by a ROUTER peer (set before connecting).
    public func setRoutingID(_ id: [UInt8]) throws(WireError) { try setOption(ZMQ_ROUTING_ID, bytes: id) }
    /// ZMTP heartbeat interval, timeout and TTL in milliseconds (0: off).
    public func setHeartbeat(interval: Int32, timeout: Int32, ttl: Int32) throws(WireError) {
        try setOption(ZMQ_HEARTBEAT_IVL, interval)
        try setOption(ZMQ_HEARTBEAT_TIMEOUT, timeout)
        try setOption(ZMQ_HEARTBEAT_TTL, ttl)
    }
    /// Milliseconds between reconnection attempts.
    public func setReconnectInterval(_ milliseconds: Int32) throws(WireError) { try setOption(ZMQ_RECONNECT_IVL, milliseconds) }
    /// Largest inbound message libzmq accepts; a larger one disconnects the peer (-1: no limit).
    public func setMaxMessageSize(_ bytes: Int64) throws(WireError) { try setOption(ZMQ_MAXMSGSIZE, int64: bytes) }
    /// Subscribes a SUB socket to topics starting with `prefix` (empty: everything).
    public func subscribe(_ prefix: [UInt8]) throws(WireError) { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }
    /// Removes a subscription made with `subscribe`.
    public func unsubscribe(_ prefix: [UInt8]) throws(WireError) { try setOption(ZMQ_UNSUBSCRIBE, bytes: prefix) }
}
