import Synchronization

/// The bounded inbox of a `WirePort`: an async sequence of message batches.
///
/// The loop delivers everything it read in one poll as one batch (one consumer wake-up
/// per batch). Once `capacity` messages wait unread the port stops reading its socket,
/// so libzmq's high-water marks push back on the senders; taking a batch re-opens it.
/// Iterate it from one task: `for await batch in port.inbox { for envelope in batch {...} }`.
/// It ends when the port closes.
public final class WireInbox<Message: Sendable>: AsyncSequence, Sendable {
    /// One batch: everything the loop read in one poll (or everything waiting).
    public typealias Element = [Envelope<Message>]
    /// Iteration never throws; it ends when the port closes.
    public typealias Failure = Never

    struct State {
        var buffer: [Envelope<Message>] = []
        var waiter: CheckedContinuation<[Envelope<Message>]?, Never>?
        var finished = false
        var producerPaused = false
    }

    /// Messages that may wait unread before the port stops reading its socket.
    public let capacity: Int
    private let state = Mutex(State())
    private let wakeProducer: @Sendable () -> Void

    init(capacity: Int, wakeProducer: @escaping @Sendable () -> Void) {
        self.capacity = Swift.max(1, capacity)
        self.wakeProducer = wakeProducer
    }

    /// Messages delivered but not yet taken by the consumer.
    public var count: Int { state.withLock { $0.buffer.count } }

    /// Whether the port may read more (false: its socket is not polled for input).
    var hasRoom: Bool { state.withLock { !$0.producerPaused } }

    /// Appends a batch (emptying `batch`) and wakes a waiting consumer. Returns false when
    /// the inbox is now full and the producer must pause.
    func deliver(_ batch: inout [Envelope<Message>]) -> Bool {
        let (waiter, items, room) = state.withLock { state -> (CheckedContinuation<[Envelope<Message>]?, Never>?, [Envelope<Message>], Bool) in
            if state.finished { return (nil, [], false) }
            // An empty buffer takes the batch's storage whole (no per-message copy); the
            // caller gets the buffer's old, empty storage back to fill next time.
            if state.buffer.isEmpty {
                swap(&state.buffer, &batch)
            } else {
                state.buffer.append(contentsOf: batch)
            }
            if let waiter = state.waiter {
                state.waiter = nil
                var taken: [Envelope<Message>] = []
                swap(&taken, &state.buffer)
                return (waiter, taken, true)
            }
            state.producerPaused = state.buffer.count >= capacity
            return (nil, [], !state.producerPaused)
        }
        batch.removeAll(keepingCapacity: true)
        waiter?.resume(returning: items)
        return room
    }

    /// Ends the sequence after what is buffered; a waiting consumer gets nil.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Takes every buffered message, waiting for at least one; nil once finished and empty.
    func nextBatch() async -> [Envelope<Message>]? {
        if let ready = takeBuffered(orWait: nil) { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if let ready = takeBuffered(orWait: continuation) { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Under one lock: takes the buffer if non-empty (re-opening a paused producer), or
    /// reports the end, or parks `waiter` (when given) and returns nil.
    private func takeBuffered(orWait waiter: CheckedContinuation<[Envelope<Message>]?, Never>?) -> [Envelope<Message>]?? {
        let (result, wake) = state.withLock { state -> ([Envelope<Message>]??, Bool) in
            if !state.buffer.isEmpty {
                var taken: [Envelope<Message>] = []
                swap(&taken, &state.buffer)
                defer { state.producerPaused = false }
                return (.some(taken), state.producerPaused)
            }
            if state.finished || (waiter != nil && Task.isCancelled) { return (.some(nil), false) }
            if let waiter { state.waiter = waiter }
            return (.none, false)
        }
        if wake { wakeProducer() }
        return result
    }

    /// Iterates batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: WireInbox<Message>
        /// The next batch, or nil when the port closed.
        public mutating func next() async -> [Envelope<Message>]? { await inbox.nextBatch() }
    }

    /// An iterator over the batches.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inbox: self) }
}
