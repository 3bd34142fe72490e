#if canImport(Glibc)
import Glibc
#endif
import UpdraftProtocol
import UpdraftWire

/// The codec's own cost per message on one thread: what the full path cannot go below.
/// Decoding uses the in-place path ports use (`decodeBody(bytes:type:)`).
enum CodecCost {
    /// Per-message cost of encode and of decode: wall-clock and this thread's CPU time,
    /// nanoseconds. The CPU figures hardly move with the machine's other load.
    struct Sample {
        var encode: Double, decode: Double
        var encodeCPU: Double, decodeCPU: Double
    }

    /// Measures `count` encodes of `message`, then `count` decodes of its body.
    static func measure(message: UpdraftMessage, codec: UpdraftCodec, count: Int) throws -> Sample {
        let clock = ContinuousClock()
        let body = try codec.encodeBody(message)
        let code = codec.typeCode(of: message)
        var bytes = 0
        var cpu = threadCPU()
        // As ports encode: into a libzmq frame (closed here; a port hands it to libzmq).
        let encodeTime = try clock.measure {
            for _ in 0..<count {
                var frame = BodyFrame()
                try codec.encodeBody(message, into: &frame)
                bytes &+= frame.count
                frame.close()
            }
        }
        let encodeCPU = threadCPU() - cpu
        var decoded = 0
        cpu = threadCPU()
        let decodeTime = try clock.measure {
            try body.withUnsafeBytes { raw in
                for _ in 0..<count {
                    if case .heartbeat = try codec.decodeBody(bytes: raw, type: code) { decoded &+= 1 }
                }
            }
        }
        let decodeCPU = threadCPU() - cpu
        guard bytes > 0, decoded >= 0 else { throw BenchError("codec produced nothing") }
        let n = Double(count)
        return Sample(
            encode: encodeTime.seconds * 1e9 / n, decode: decodeTime.seconds * 1e9 / n,
            encodeCPU: Double(encodeCPU) / n, decodeCPU: Double(decodeCPU) / n)
    }

    /// CPU time of the calling thread, nanoseconds.
    private static func threadCPU() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
