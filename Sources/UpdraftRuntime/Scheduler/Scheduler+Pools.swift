import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Creates or updates the pools the DAG folder's `pools.yml` declares, then re-reads
    /// the slots. The file wins for the pools it names (as DAG files win for their DAGs);
    /// pools it does not name are left alone (`updraft pools set` manages those). A pool
    /// already as declared is not written again.
    func applyPools(_ pools: [PoolSpec]) async {
        do {
            let current = Dictionary(try await store.pools().map { ($0.name, $0) }, uniquingKeysWith: { _, b in b })
            for pool in pools {
                let record = PoolRecord(name: pool.name, slots: pool.slots, description: pool.description)
                guard current[pool.name] != record else { continue }
                try await store.setPool(record)
                let slots = pool.slots < 0 ? "unlimited slots" : "\(pool.slots) slot(s)"
                logger.info("pools file: \(current[pool.name] == nil ? "created" : "updated") pool '\(pool.name)' (\(slots))")
            }
            ledger.setPools(Dictionary(try await store.pools().map { ($0.name, $0.slots) }, uniquingKeysWith: { _, b in b }))
        } catch {
            logger.error("cannot apply the DAG folder's pools file: \(error)")
        }
    }
}
