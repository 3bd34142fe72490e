import Logging
import UpdraftStore

/// Keeps a ``ClientAccessList`` equal to the store's allowed keys: reads them once at
/// start, then polls ``MetaStore/allowListVersion()`` (a one-row read) every `interval`
/// and, when it moved, reads them again and calls `changed` (the executor then drops
/// revoked workers). With the default 250 ms a `updraft workers revoke` from another process
/// takes effect well within a second.
public struct AllowListRefresher: Sendable {
    /// Where the keys are read.
    public let store: any MetaStore
    /// What is kept up to date.
    public let access: ClientAccessList
    /// Time between two version reads.
    public var interval: Duration
    private let logger: Logger

    /// A refresher.
    public init(store: any MetaStore, access: ClientAccessList, interval: Duration = .milliseconds(250), logger: Logger) {
        self.store = store
        self.access = access
        self.interval = interval
        self.logger = logger
    }

    /// Reads the keys now; returns the version read (nil when the store could not be read:
    /// the previous keys stay in force, and the failure is logged).
    @discardableResult
    public func refresh() async -> Int64? {
        do {
            let version = try await store.allowListVersion()
            let records = try await store.allowedKeys()
            let snapshot = access.snapshot.replacingStored(records)
            for name in snapshot.unusable where !access.snapshot.unusable.contains(name) {
                logger.warning("allowed key '\(name)' in the store is not a Z85 CURVE key: not allowed")
            }
            access.replaceStored(records)
            return version
        } catch {
            logger.warning("cannot read the allowed client keys: \(error) (the previous list stays in force)")
            return nil
        }
    }

    /// Polls until cancelled; `changed` runs after each change of the list.
    public func run(changed: @escaping @Sendable () async -> Void) async {
        var seen = await refresh()
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            guard let version = try? await store.allowListVersion() else { continue }
            if version == seen { continue }
            let before = access.snapshot
            seen = await refresh() ?? seen
            if access.snapshot != before { await changed() }
        }
    }
}
