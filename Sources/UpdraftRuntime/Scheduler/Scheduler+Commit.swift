import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Commits `batch`, however long the store takes to come back: a commit that has not
    /// returned after ``StoreOutage/silenceNotice`` (postgres-nio's pool waits for a
    /// connection while the server is down) or that fails because the store is unreachable
    /// is said once, and the same batch is tried again with backoff until it lands or the
    /// scheduler stops. Nothing of the step leaves before it lands, so no try is dispatched
    /// meanwhile. Any other failure is retried 4 times, then ends ``run()``.
    func commitDurably(_ batch: StoreBatch) async throws {
        var otherFailures = 0
        while true {
            do {
                try await commitNoticingSilence(batch)
                if let line = storeOutage.answered(at: configuration.clock.now) { logger.notice("\(line)") }
                return
            } catch let error as StoreError where error.code == .unreachable {
                let (line, delay) = storeOutage.failed(error.message, at: configuration.clock.now,
                                                       store: storeName)
                if let line { logger.error("\(line)") }
                try await configuration.clock.sleep(for: delay)
            } catch let error as StoreError where error.code == .leaseLost {
                // Another scheduler is active: nothing of this step may land, now or later.
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                otherFailures += 1
                logger.error("commit of \(batch.taskInstances.count) task instance(s) failed (attempt \(otherFailures)): \(error)")
                if otherFailures >= 5 { throw error }
                try await configuration.clock.sleep(for: .milliseconds(100 * otherFailures))
            }
        }
    }

    /// The store as messages name it (a PostgreSQL URL with its password masked).
    var storeName: String {
        (store as? any ManagedStore)?.location.description ?? "\(type(of: store))"
    }

    /// `store.commit(batch)`, saying once (``StoreOutage/silent(since:store:)``) when it has
    /// not returned after ``StoreOutage/silenceNotice``.
    private func commitNoticingSilence(_ batch: StoreBatch) async throws {
        let store = self.store, clock = configuration.clock
        let started = clock.now
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await store.commit(batch)
                return true
            }
            group.addTask {
                try await clock.sleep(for: StoreOutage.silenceNotice)
                return false
            }
            while let committed = try await group.next() {
                if committed {
                    group.cancelAll()
                    return
                }
                if let line = storeOutage.silent(since: started, store: storeName) { logger.warning("\(line)") }
            }
        }
    }
}
