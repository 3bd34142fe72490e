import UpdraftProtocol
import UpdraftWire

/// The codec's own cost per message on one thread: what the full path cannot go below.
enum CodecCost {
    /// Nanoseconds per encode and per decode of `message`, over `count` repetitions.
    static func measure(message: UpdraftMessage, codec: UpdraftCodec, count: Int) throws -> (encode: Double, decode: Double) {
        let clock = ContinuousClock()
        var body: [UInt8] = []
        let code = codec.typeCode(of: message)
        var bytes = 0
        let encodeTime = try clock.measure {
            for _ in 0..<count {
                body = try codec.encodeBody(message)
                bytes &+= body.count
            }
        }
        var decoded = 0
        let decodeTime = try clock.measure {
            for _ in 0..<count {
                if case .heartbeat = try codec.decodeBody(body, type: code) { decoded &+= 1 }
            }
        }
        guard bytes > 0, decoded >= 0 else { throw BenchError("codec produced nothing") }
        return (encodeTime.seconds * 1e9 / Double(count), decodeTime.seconds * 1e9 / Double(count))
    }
}
