import DequeModule

/// A `request` waiting for its reply: the continuation plus the timer that expires it.
struct PendingRequest<Message: Sendable> {
    let id: UInt64
    let continuation: CheckedContinuation<Result<Envelope<Message>, WireError>, Never>
    var timer: Task<Void, Never>?
}

extension WirePort {
    /// Sends `message` and waits for the next message from the same peer (the reply; on
    /// non-ROUTER kinds, the next message at all). The reply bypasses the inbox.
    /// The waiter is registered before the frames leave, so a fast reply cannot be missed.
    /// Await it under `withTaskExecutorPreference(loop)` to stay on the loop thread.
    ///
    /// Throws `.timeout` when no reply came within `timeout` (a later reply then goes to
    /// the inbox), `.closed` when the port closes first, or what `send` throws.
    public func request(
        _ message: Codec.Message, to peer: PeerID? = nil, timeout: Duration? = nil
    ) async throws(WireError) -> Envelope<Codec.Message> {
        let key = peer?.bytes ?? []
        nextRequestID += 1
        let id = nextRequestID
        let result = await withCheckedContinuation { continuation in
            var pending = PendingRequest<Codec.Message>(id: id, continuation: continuation, timer: nil)
            if let timeout {
                // Unstructured: a timer that outlives this call by design; the reply or close cancels it.
                pending.timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.expireRequest(id: id, key: key, after: timeout)
                }
            }
            pendingRequests[key, default: []].append(pending)
            waitingRequestCount += 1
            do throws(WireError) {
                try send(message, to: peer)
            } catch {
                _ = takeRequest(id: id, key: key)
                pending.timer?.cancel()
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    /// The oldest request waiting for a message from `peer`, removed from the table.
    func takeOldestRequest(for peer: [UInt8]) -> PendingRequest<Codec.Message>? {
        guard var waiting = pendingRequests[peer], let first = waiting.popFirst() else { return nil }
        pendingRequests[peer] = waiting.isEmpty ? nil : waiting
        waitingRequestCount -= 1
        return first
    }

    /// Removes request `id` if it still waits.
    private func takeRequest(id: UInt64, key: [UInt8]) -> PendingRequest<Codec.Message>? {
        guard var waiting = pendingRequests[key], let index = waiting.firstIndex(where: { $0.id == id }) else {
            return nil
        }
        let request = waiting.remove(at: index)
        pendingRequests[key] = waiting.isEmpty ? nil : waiting
        waitingRequestCount -= 1
        return request
    }

    private func expireRequest(id: UInt64, key: [UInt8], after timeout: Duration) {
        guard let request = takeRequest(id: id, key: key) else { return }
        let peer = key.isEmpty ? "" : " from \(PeerID(key))"
        request.continuation.resume(returning: .failure(WireError(
            .timeout, message: "no reply\(peer) within \(timeout)", operation: "request", endpoint: endpoint)))
    }

    /// Resumes every waiting request with `error` (used by `close`).
    func failPendingRequests(_ error: WireError) {
        let all = pendingRequests.values.flatMap { $0 }
        pendingRequests.removeAll()
        waitingRequestCount = 0
        for request in all {
            request.timer?.cancel()
            request.continuation.resume(returning: .failure(error))
        }
    }
}
