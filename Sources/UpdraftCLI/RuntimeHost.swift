import Dispatch
import Foundation
import Logging
import UpdraftRuntime
import UpdraftStore

/// Runs a ``StandaloneRuntime`` in the foreground for `updraft standalone` / `updraft
/// scheduler`: prints where it serves, then waits for SIGINT/SIGTERM (DispatchSource
/// signal sources: nothing blocks). The first signal stops gracefully (running tries
/// finish, queued ones stay queued in the store); a second one stops at once. The HTTP API
/// runs as the runtime's last service, so its ServiceGroup stops it first.
enum RuntimeHost {
    /// Resolves the store (`store`: `--store`, else `$UPDRAFT_STORE`, else the home's file; a
    /// bad URL is one error line and exit status 2). For a SQLite store, takes `home`'s
    /// ``HomeLock`` first, before anything reads or writes the store or `scheduler.json`, then
    /// serves the runtime `options` describes and holds the lock until it has stopped (the
    /// kernel drops it if the process dies first). When another scheduler holds it: the
    /// error naming the home and its pid, exit status 1, nothing changed. One scheduler per
    /// SQLite home; a PostgreSQL store takes no home lock.
    /// With `api`, the HTTP API is served too (``APIHosting``), stopped before the runtime.
    static func serve(home: UpdraftHome, store explicit: String?, io: CommandIO, logger: Logger,
                      api: APIOptions.Plan? = nil, options: () throws -> StandaloneOptions) async throws -> Int32 {
        guard let location = StoreOpening.location(explicit: explicit, home: home, io: io) else { return 2 }
        var lock: HomeLock?
        if location.isSQLite {
            do throws(StoreError) {
                lock = try HomeLock.acquire(home)
            } catch {
                io.err("error: \(error.code == .homeInUse ? error.message : error.description)")
                return 1
            }
        }
        defer { lock?.release() }
        var resolved = try options()
        resolved.store = location
        return try await serve(resolved, io: io, logger: logger, api: api)
    }

    static func serve(_ options: StandaloneOptions, io: CommandIO, logger: Logger,
                      api: APIOptions.Plan? = nil) async throws -> Int32 {
        var options = options
        // Fail-stop: another scheduler holds the lease, so this one ends before anything more
        // can happen here; its workers move to the active scheduler with their running tries.
        options.onLeaseLost = { [io] reason in
            io.err("error: \(reason): this scheduler stops at once (exit 3); the active one carries on")
            fflush(nil)
            _exit(3)
        }
        options.announceLease = { [io] line in
            io.out(line)
            fflush(nil)
        }
        let endpoints: StandaloneEndpoints
        // The API binds first: a port in use is an error before the runtime has started any run.
        let apiServer: APIHosting.Running?
        do {
            apiServer = try await api.asyncMap {
                try await APIHosting.start($0, home: options.home, store: options.resolvedStore, logger: logger)
            }
        } catch let error as StoreError {
            io.err("error: \(error)")
            return StoreOpening.exitCode(for: error, at: options.resolvedStore)
        } catch {
            io.err("error: \(error) (pass --api-port P, 0 for a free port, or --no-api)")
            return 1
        }
        // Notifier templates link to the API (`dag_run_url`, `ti_url`) when it is served.
        if let apiServer { options.scheduler.notifications.apiBaseURL = apiServer.url }
        let runtime = StandaloneRuntime(options: options, logger: logger)
        do {
            // The API is the last service: the first one stopped, before the executor drains.
            endpoints = try await runtime.start(alsoServing: apiServer.map { api in
                [RuntimeService("http api") { _ in await api.stop() }]
            } ?? [])
        } catch let error as StoreError {
            io.err("error: cannot start: \(error)")
            await apiServer?.stop()
            return StoreOpening.exitCode(for: error, at: options.resolvedStore)
        } catch {
            io.err("error: cannot start: \(error)")
            await apiServer?.stop()
            return 1
        }
        let mode = options.mode
        io.out("updraft \(mode) running (pid \(ProcessInfo.processInfo.processIdentifier))")
        io.out("  executor:  \(endpoints.executor.joined(separator: "  "))   (workers: updraft worker --connect \(endpoints.executorTCP ?? endpoints.executor[0]))")
        io.out("  events:    \(endpoints.events.joined(separator: "  "))")
        switch options.security {
        case .plaintext: io.out("  curve:     off (--insecure-plaintext): tcp/ipc endpoints serve anyone, in clear")
        case .homeKeys: io.out("  curve:     on; server key \(HomeCurveKeys(home: options.home).serverPublicFile) (workers elsewhere: --server-key that file)")
        case .curve: io.out("  curve:     on")
        }
        if let stats = endpoints.services.stats { io.out("  stats:     \(stats)   (updraft stats --watch)") }
        if let metrics = endpoints.services.metrics { io.out("  metrics:   \(metrics)") }
        if let apiServer { io.out("  api:       \(apiServer.url)   (GET \(apiServer.url)/api/v1/dags; \(apiServer.authNote))") }
        io.out("  database:  \(endpoints.databasePath)")
        io.out("  logs:      \(endpoints.logsFolder)")
        io.out("  DAGs:      \(options.dagsFolder ?? "(built into this binary)")\(options.extraDags.isEmpty ? "" : " + \(options.extraDags.count) built in")")
        if options.localWorkers > 0 {
            io.out("  workers:   \(options.localWorkers) local × \(options.workerConcurrency) slots")
        }
        for line in ScalingOptions.describe(options.services) { io.out(line) }
        io.out("Stop with Ctrl-C (running tasks finish; Ctrl-C again stops at once).")
        fflush(nil)  // flush the banner: the console lines that follow are written unbuffered

        let (events, continuation) = AsyncStream<HostEvent>.makeStream()
        let signals = SignalSource { continuation.yield(.signal) }
        // The host's tasks below are unstructured on purpose: each reports into `events`, which
        // this function reads until `.stopped`, and the process ends right after.
        Task {
            await runtime.waitUntilStopped()
            continuation.yield(.schedulerEnded)
        }
        var iterator = events.makeAsyncIterator()
        _ = await iterator.next()
        io.err("stopping: waiting for running tasks to finish (Ctrl-C again to stop now)")
        Task {
            await runtime.stop(graceful: true)
            continuation.yield(.stopped)
        }
        var forced = false
        while let event = await iterator.next() {
            if event == .stopped { break }
            if event == .signal, !forced {
                forced = true
                io.err("stopping now")
                Task {
                    await runtime.stop(graceful: false)
                    continuation.yield(.stopped)
                }
                // Whatever still hangs after that (a worker waiting on a child), the user asked
                // to stop now: the next start's recovery deals with tries left running.
                Task {
                    try? await Task.sleep(for: .seconds(3))
                    io.err("stopped (forced)")
                    exit(130)
                }
            }
        }
        signals.cancel()
        if let error = await runtime.schedulerError {
            io.err("error: the scheduler stopped: \(error)")
            return 1
        }
        return 0
    }
}

extension Optional {
    /// `transform` of the wrapped value, awaited.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// What the foreground host waits for.
enum HostEvent: Sendable, Equatable {
    case signal, schedulerEnded, stopped
}

/// Calls `handler` on every SIGINT and SIGTERM, through DispatchSource (nothing blocks;
/// the default actions are ignored while it exists).
final class SignalSource {
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Stops listening.
    func cancel() {
        for s in sources { s.cancel() }
    }
}
