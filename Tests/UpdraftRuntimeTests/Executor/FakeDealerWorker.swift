import Synchronization
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// A worker stand-in for executor tests: a DEALER whose routing id is its worker id. It
/// records every message, tracks the tries it holds, and (per `mode`) answers dispatches.
final class FakeDealerWorker: Sendable {
    /// What it does with a dispatch.
    enum Mode: Sendable {
        /// Holds it until the test calls `finish`.
        case manual
        /// Reports started and finished success at once.
        case finishImmediately
        /// Reports finished success after a short random pause (up to `maxMicros`).
        case finishAfterPause(maxMicros: Int)
    }

    struct State {
        var messages: [UpdraftMessage] = []
        var holding: [WireTaskInstanceKey] = []
        var maxHolding = 0
        var dispatched: [WireTaskInstanceKey] = []
        var heartbeatSequence: UInt64 = 0
    }

    let id: String
    let capacity: UInt32
    let queues: [String]
    let mode: Mode
    let port: WirePort<UpdraftCodec>
    let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])

    private init(id: String, capacity: UInt32, queues: [String], mode: Mode, port: WirePort<UpdraftCodec>) {
        self.id = id
        self.capacity = capacity
        self.queues = queues
        self.mode = mode
        self.port = port
    }

    /// Connects a worker to `endpoint` on `loop` and starts reading its inbox (no hello yet).
    static func connect(
        _ endpoint: String, loop: MessageLoop, id: String, queues: [String] = ["default"],
        capacity: UInt32 = 2, mode: Mode = .manual
    ) async throws -> FakeDealerWorker {
        var options = PortOptions()
        options.routingID = PeerID(id)
        options.name = "fake worker \(id)"
        let port = try await loop.connect(.dealer, endpoint, codec: UpdraftCodec(), options: options)
        let worker = FakeDealerWorker(id: id, capacity: capacity, queues: queues, mode: mode, port: port)
        let reader = Task { [worker] in
            for await batch in port.inbox {
                for envelope in batch { await worker.receive(envelope.message) }
            }
        }
        worker.tasks.withLock { $0.append(reader) }
        return worker
    }

    /// Connects and says hello, then waits for the welcome (or reject); returns the answer.
    static func join(
        _ endpoint: String, loop: MessageLoop, id: String, queues: [String] = ["default"],
        capacity: UInt32 = 2, mode: Mode = .manual
    ) async throws -> FakeDealerWorker {
        let worker = try await connect(endpoint, loop: loop, id: id, queues: queues, capacity: capacity, mode: mode)
        try await worker.sendHello()
        let answered = await ExecutorTestKit.eventually { worker.handshakeAnswer != nil }
        guard answered, case .workerWelcome = worker.handshakeAnswer else {
            throw FakeDealerWorkerError(text: "worker \(id) got no welcome: \(String(describing: worker.handshakeAnswer))")
        }
        return worker
    }

    /// The hello this worker sends.
    func hello(minVersion: UInt32 = 1, maxVersion: UInt32 = 1, pid: UInt32 = 4242) -> WireWorkerHello {
        var hello = WireWorkerHello()
        hello.workerID = id
        hello.queues = queues
        hello.capacity = capacity
        hello.minProtocolVersion = minVersion
        hello.maxProtocolVersion = maxVersion
        hello.hostname = "test-host"
        hello.pid = pid
        return hello
    }

    func sendHello(minVersion: UInt32 = 1, maxVersion: UInt32 = 1, pid: UInt32 = 4242) async throws {
        try await port.send(.workerHello(hello(minVersion: minVersion, maxVersion: maxVersion, pid: pid)))
    }

    /// The first welcome or reject received.
    var handshakeAnswer: UpdraftMessage? {
        state.withLock { state in
            state.messages.first {
                switch $0 {
                case .workerWelcome, .workerReject: true
                default: false
                }
            }
        }
    }

    /// Every message received so far.
    var messages: [UpdraftMessage] { state.withLock { $0.messages } }
    /// Keys of every dispatch received, in order.
    var dispatched: [WireTaskInstanceKey] { state.withLock { $0.dispatched } }
    /// Keys held now (manual mode or pausing).
    var holding: [WireTaskInstanceKey] { state.withLock { $0.holding } }
    /// The most tries it ever held at once.
    var maxHolding: Int { state.withLock { $0.maxHolding } }

    /// Reports `key` finished (default success) and stops holding it.
    func finish(_ key: WireTaskInstanceKey, state finalState: WireTaskState = .success, error: String = "") async throws {
        var finished = WireTaskFinished()
        finished.key = key
        finished.state = finalState
        finished.errorMessage = error
        state.withLock { $0.holding.removeAll { $0 == key } }
        try await port.send(.taskFinished(finished))
    }

    /// Sends a heartbeat listing `running` (default: what it holds).
    func heartbeat(running: [WireTaskInstanceKey]? = nil) async throws {
        let (sequence, held) = state.withLock { state -> (UInt64, [WireTaskInstanceKey]) in
            state.heartbeatSequence += 1
            return (state.heartbeatSequence, state.holding)
        }
        var beat = WireHeartbeat()
        beat.senderID = id
        beat.sequence = sequence
        let keys = running ?? held
        beat.busySlots = UInt32(keys.count)
        beat.running = keys
        try await port.send(.heartbeat(beat))
    }

    /// Sends a heartbeat every `interval` until `stopHeartbeats` or `close`.
    func startHeartbeats(every interval: Duration) {
        let task = Task { [self] in
            while !Task.isCancelled {
                try? await heartbeat()
                try? await Task.sleep(for: interval)
            }
        }
        heartbeats.withLock { $0 = task }
    }

    private let heartbeats = Mutex<Task<Void, Never>?>(nil)

    /// Stops the heartbeat task (the worker goes silent).
    func stopHeartbeats() { heartbeats.withLock { $0?.cancel() } }

    /// Stops everything and closes the DEALER.
    func close() async {
        stopHeartbeats()
        await port.close()
        for task in tasks.withLock({ $0 }) { await task.value }
    }

    private func receive(_ message: UpdraftMessage) async {
        state.withLock { $0.messages.append(message) }
        guard case .taskDispatch(let dispatch) = message else { return }
        let key = dispatch.key
        state.withLock { state in
            state.dispatched.append(key)
            state.holding.append(key)
            state.maxHolding = max(state.maxHolding, state.holding.count)
        }
        switch mode {
        case .manual:
            break
        case .finishImmediately:
            var started = WireTaskStarted()
            started.key = key
            started.pid = 1
            try? await port.send(.taskStarted(started))
            try? await finish(key)
        case .finishAfterPause(let maxMicros):
            let task = Task { [self] in
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...maxMicros)))
                try? await finish(key)
            }
            tasks.withLock { $0.append(task) }
        }
    }
}

struct FakeDealerWorkerError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}
