import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Loads the DAGs and what the store holds, then queues the first step (adopt active
    /// runs, recover, create due scheduled runs).
    func startUp() async throws {
        let loaded = try await dagProvider.load()
        await applyDags(loaded, now: configuration.clock.date)
        ledger.setPools(Dictionary(try await store.pools().map { ($0.name, $0.slots) }, uniquingKeysWith: { _, b in b }))
        try await reloadVariablesAndConnections()
        externalToken = try await store.externalChangeToken()
        let workers = try await store.connectedWorkers()
        // Workers of this host whose process is gone (e.g. those a killed `standalone` spawned)
        // cannot report: the recovery grace does not wait for them.
        recovery.setStoredWorkers(
            Set(workers.map(\.workerId)),
            dead: Set(workers.filter { $0.hostname == HostIdentity.hostname && !HostIdentity.isAlive(pid: $0.pid) }.map(\.workerId)))
        logger.info("scheduler: \(plans.count) DAG(s) loaded, \(loaded.importErrors.count) import error(s)")
        inputs.push(.externalChange)
        inputs.push(.timer)
    }

    /// Polls the store's change token (every ``SchedulerConfiguration/externalChangePoll``)
    /// and queues `.externalChange` when it moves.
    func pollExternalChanges() async {
        var last = externalToken
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.externalChangePoll) } catch { return }
            guard let token = try? await store.externalChangeToken() else { continue }
            if token != last {
                last = token
                inputs.push(.externalChange)
            }
        }
    }

    /// Re-parses the DAG folder when a file is added, removed or modified (mtimes checked
    /// every ``SchedulerConfiguration/dagFolderPoll``, off the cooperative pool).
    func pollDagFolder() async {
        guard dagProvider.folder != nil else { return }
        var last = await dagProvider.fingerprint()
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.dagFolderPoll) } catch { return }
            let now = await dagProvider.fingerprint()
            guard now != last else { continue }
            last = now
            do {
                let loaded = try await dagProvider.load()
                logger.info("DAG folder changed: \(loaded.dags.count) DAG(s), \(loaded.importErrors.count) import error(s)")
                inputs.push(.dagsLoaded(loaded))
            } catch {
                logger.error("cannot re-read the DAG folder: \(error)")
            }
        }
    }

    /// Deletes finished runs and logs older than ``SchedulerConfiguration/retentionMaxAge``,
    /// at start and then every ``SchedulerConfiguration/retentionInterval``.
    func retentionLoop() async {
        guard let maxAge = configuration.retentionMaxAge else { return }
        while !Task.isCancelled {
            do {
                let report = try await Retention(maxAge: maxAge).clean(store: store, home: home, now: configuration.clock.date)
                logger.debug("retention: \(report)")
            } catch {
                logger.warning("retention failed: \(error)")
            }
            do { try await Task.sleep(for: configuration.retentionInterval) } catch { return }
        }
    }
}
