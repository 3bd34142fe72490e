import Foundation

/// Merges concurrent ``MetaStore/commit(_:)`` calls into few write transactions.
///
/// While one transaction is in flight, new batches wait in `pending`; when it ends, every
/// pending batch is written in the next single transaction and each caller resumes once
/// its batch is durable. When a merged transaction fails, its batches are retried one per
/// transaction so that only the caller whose batch is bad gets the error.
actor GroupCommitter {
    /// Writes batches in one transaction.
    typealias Writer = @Sendable ([StoreBatch]) async throws -> Void

    private struct Waiter {
        var batch: StoreBatch
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let write: Writer
    private var pending: [Waiter] = []
    private var isWriting = false
    /// Write transactions run so far (merged groups and single retries).
    private(set) var transactionCount = 0
    /// Batches committed so far.
    private(set) var batchCount = 0

    /// A committer that writes with `write`.
    init(write: @escaping Writer) {
        self.write = write
    }

    /// Returns once `batch` is committed (or throws the error of its transaction).
    func commit(_ batch: StoreBatch) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enqueue(Waiter(batch: batch, continuation: continuation))
        }
    }

    private func enqueue(_ waiter: Waiter) {
        pending.append(waiter)
        guard !isWriting else { return }
        isWriting = true
        // The drain runs on this actor; it ends when nothing is pending.
        Task { await drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let group = pending
            pending.removeAll(keepingCapacity: true)
            await writeGroup(group)
        }
        isWriting = false
    }

    private func writeGroup(_ group: [Waiter]) async {
        do {
            transactionCount += 1
            try await write(group.map(\.batch))
            batchCount += group.count
            for waiter in group { waiter.continuation.resume() }
        } catch {
            guard group.count > 1 else {
                group[0].continuation.resume(throwing: error)
                return
            }
            // Find the bad batch: one transaction each.
            for waiter in group {
                do {
                    transactionCount += 1
                    try await write([waiter.batch])
                    batchCount += 1
                    waiter.continuation.resume()
                } catch {
                    waiter.continuation.resume(throwing: error)
                }
            }
        }
    }
}
