import CZeroMQ
import Foundation
import Synchronization

/// Raw libzmq PUSH/PULL over inproc through the C API from Swift: no bridge, no codec.
/// Sends the same two frames as the full path ([8-byte header][body]), so the same bytes
/// cross the socket; the receiver reads into one reused `zmq_msg_t`.
enum RawThroughput {
    /// Messages per second for `count` messages of `header` + `body`.
    static func measure(count: Int, header: [UInt8], body: [UInt8]) async -> ThroughputSample {
        // One context per round; both threads only touch their own socket.
        guard let context = zmq_ctx_new() else { return ThroughputSample(messagesPerSecond: 0, cpuNanosecondsPerMessage: 0) }
        defer { zmq_ctx_term(context) }
        let endpoint = "inproc://raw-bench"
        let pull = zmq_socket(context, ZMQ_PULL)
        let push = zmq_socket(context, ZMQ_PUSH)
        var linger: Int32 = 0
        zmq_setsockopt(pull, ZMQ_LINGER, &linger, 4)
        zmq_setsockopt(push, ZMQ_LINGER, &linger, 4)
        zmq_bind(pull, endpoint)
        zmq_connect(push, endpoint)
        let sockets = SocketPair(pull: pull, push: push)
        let cpuStart = ProcessCPU.nanoseconds()
        let seconds = await withCheckedContinuation { (done: CheckedContinuation<Double, Never>) in
            let start = StartTime()
            let receiver = Thread {
                let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
                zmq_msg_init(message)
                var received = 0
                while received < count {
                    var more: Int32 = 1
                    while more != 0 {
                        guard zmq_msg_recv(message, sockets.pull, 0) >= 0 else { continue }
                        more = zmq_msg_more(message)
                    }
                    received += 1
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.nanoseconds.load(ordering: .acquiring)) / 1e9
                zmq_msg_close(message)
                message.deallocate()
                done.resume(returning: elapsed)
            }
            let sender = Thread {
                start.nanoseconds.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
                for _ in 0..<count {
                    header.withUnsafeBytes { _ = zmq_send(sockets.push, $0.baseAddress, $0.count, ZMQ_SNDMORE) }
                    body.withUnsafeBytes { _ = zmq_send(sockets.push, $0.baseAddress, $0.count, 0) }
                }
            }
            receiver.start()
            sender.start()
        }
        let cpu = Double(ProcessCPU.nanoseconds() - cpuStart)
        zmq_close(push)
        zmq_close(pull)
        return ThroughputSample(messagesPerSecond: Double(count) / seconds, cpuNanosecondsPerMessage: cpu / Double(count))
    }

    /// The two raw sockets, each used by exactly one thread after setup.
    /// `@unchecked Sendable`: the pointers are handed once to the thread that uses them.
    struct SocketPair: @unchecked Sendable {
        let pull: UnsafeMutableRawPointer?
        let push: UnsafeMutableRawPointer?
    }

    /// The sender's start time, shared by the two threads.
    final class StartTime: Sendable {
        let nanoseconds = Atomic<UInt64>(0)
    }
}
