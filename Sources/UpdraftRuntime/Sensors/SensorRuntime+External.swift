import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
import UpdraftWire

extension SensorRuntime {
    /// Starts an `external_task` try: route events to it, read the snapshot, then decide.
    func watch(_ work: SensorWork, target: ExternalTaskTarget) async {
        let key = FeedKey(endpoint: target.endpoint, dagId: target.externalDagId)
        if let endpoint = target.endpoint, let serverKey = target.serverKey { remoteServerKeys[endpoint] = serverKey }
        let check = ExternalTaskCheck(target: target, logicalDate: work.logicalDate,
                                      resolvedTaskIds: work.resolvedTaskIds, softFail: work.spec.softFail)
        var watch = ExternalWatch(work: work, check: check, key: key)
        let remote = target.endpoint != nil
        if remote {
            // Another deployment: its store is not ours to read. Its event bus replays the
            // DAG's state when we subscribe (and on every reconnect), so the watch is in place
            // first: that replay may come back at once.
            watch.loading = false
            watches[work.id] = watch
            watchers[key, default: []].insert(work.id)
        }
        // Subscribe before reading, so no event falls between the snapshot and the feed.
        do {
            try await ensureFeed(key)
        } catch {
            if remote { cancel(work.id) }
            emit(.finished(work.id, tryNumber: work.tryNumber, state: .failed,
                           error: "external_task sensor: cannot subscribe to \(target.endpoint ?? "the event bus"): \(error)",
                           retryable: true))
            return
        }
        if remote {
            // Gone: a replay already decided it (its verdict is out), or it was cancelled.
            guard let current = watches[work.id] else { return }
            watch = current
        }
        let emit = self.emit
        let deadline = work.deadline
        let clock = self.clock
        // Unstructured: the sensor's timeout, cancelled when the watch ends.
        watch.timeoutTask = Task { [weak self] in
            let delay = max(0, deadline.timeIntervalSince(clock.date))
            do { try await clock.sleep(for: .milliseconds(Int64((delay * 1000).rounded(.up)))) } catch { return }
            await self?.timeout(work.id, tryNumber: work.tryNumber)
        }
        watches[work.id] = watch
        watchers[key, default: []].insert(work.id)
        emit(.waiting(work.id, tryNumber: work.tryNumber, nextCheckAt: deadline))
        if remote {
            decide(work.id)  // a replay may already have settled it
            return
        }
        let store = self.store
        let logicalDate = check.watchedLogicalDate
        let logger = self.logger
        // Unstructured: the store check runs beside the live subscription; its result comes back through emit.
        Task { [weak self] in
            do {
                let usKey = ExternalTaskCheck.microseconds(logicalDate)
                let run = try await store.dagRuns(dagId: target.externalDagId, states: nil, limit: nil)
                    .first { ExternalTaskCheck.microseconds($0.logicalDate) == usKey }
                var instances: [TaskInstanceRecord] = []
                if let run { instances = try await store.taskInstances(dagId: run.dagId, runId: run.runId) }
                await self?.snapshotLoaded(work.id, tryNumber: work.tryNumber, run: run, instances: instances)
            } catch {
                logger.warning("external_task sensor \(work.id): cannot read DAG '\(target.externalDagId)' from the store: \(error); waiting for events")
                await self?.snapshotLoaded(work.id, tryNumber: work.tryNumber, run: nil, instances: [])
            }
        }
    }

    /// The store snapshot arrived: apply it, then the events held meanwhile, then decide.
    func snapshotLoaded(_ id: TaskInstanceID, tryNumber: Int, run: DagRunRecord?, instances: [TaskInstanceRecord]) {
        guard var watch = watches[id], watch.work.tryNumber == tryNumber else { return }
        watch.check.load(run: run, instances: instances)
        for event in watch.held { watch.check.apply(event) }
        watch.held = []
        watch.loading = false
        watches[id] = watch
        decide(id)
    }

    /// Routes events of one feed to the sensors watching their DAG.
    func route(_ events: [WireStateChangeEvent], endpoint: String?) {
        for event in events {
            guard let ids = watchers[FeedKey(endpoint: endpoint, dagId: event.dagID)] else { continue }
            for id in ids {
                guard var watch = watches[id] else { continue }
                if watch.loading {
                    watch.held.append(event)
                    watches[id] = watch
                    continue
                }
                guard watch.check.apply(event) else { continue }
                watches[id] = watch
                decide(id)
            }
        }
    }

    /// Ends the try when its check has a verdict.
    func decide(_ id: TaskInstanceID) {
        guard let watch = watches[id], let verdict = watch.check.verdict() else { return }
        let work = watch.work
        cancel(id)
        switch verdict {
        case .success:
            emit(.finished(id, tryNumber: work.tryNumber, state: .success, error: nil, retryable: false))
        case .failed(let message):
            emit(.finished(id, tryNumber: work.tryNumber, state: .failed, error: message, retryable: true))
        case .skipped(let message):
            emit(.finished(id, tryNumber: work.tryNumber, state: .skipped, error: message, retryable: false))
        }
    }

    /// The timeout of an external-task try came.
    func timeout(_ id: TaskInstanceID, tryNumber: Int) {
        guard let watch = watches[id], watch.work.tryNumber == tryNumber else { return }
        cancel(id)
        emit(Self.timedOut(watch.work, now: clock.date))
    }

    /// Makes sure events of `key` reach ``route(_:endpoint:)`` before returning (one
    /// subscription per feed, shared; concurrent callers wait for the same one).
    func ensureFeed(_ key: FeedKey) async throws {
        guard let endpoint = key.endpoint else {
            if localFeedReady == nil, let localEvents {
                // Unstructured: one shared opening of the local feed that later callers await.
                localFeedReady = Task { [weak self] in
                    let stream = await localEvents.subscribe()
                    await self?.startLocalLoop(stream)
                }
            }
            await localFeedReady?.value
            return
        }
        let opening: Task<RemoteEventFeed, any Error>
        if let existing = remoteFeeds[endpoint] {
            opening = existing
        } else {
            let logger = self.logger
            let deliver: @Sendable ([WireStateChangeEvent]) async -> Void = { [weak self] events in
                await self?.route(events, endpoint: endpoint)
            }
            let serverKeyFile = remoteServerKeys[endpoint]
            let clientKeys = self.clientKeys
            // Unstructured: one shared opening per remote endpoint that later callers await.
            opening = Task {
                var curve: CurveSecurity?
                if let serverKeyFile {
                    guard let clientKeys else {
                        throw CurveKeyError("server_key \(serverKeyFile) given, but this scheduler has no CURVE client key (--insecure-plaintext)")
                    }
                    curve = .client(clientKeys, serverKey: try CurveKeyFile.readPublicKey(at: serverKeyFile))
                }
                return try await RemoteEventFeed(endpoint: endpoint, logger: logger, curve: curve, deliver: deliver)
            }
            remoteFeeds[endpoint] = opening
        }
        do {
            try await opening.value.subscribe(dagId: key.dagId)
        } catch {
            if remoteFeeds[endpoint] == opening { remoteFeeds[endpoint] = nil }
            throw error
        }
    }

    private func startLocalLoop(_ stream: AsyncStream<WireStateChangeEvent>) {
        // Unstructured: the local feed's loop lives until stop() cancels it.
        localFeed = Task { [weak self] in
            for await event in stream {
                guard let self else { return }
                await self.route([event], endpoint: nil)
            }
        }
    }
}
