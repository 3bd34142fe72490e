import ServiceLifecycle
import Synchronization

/// One part of a scheduler process (ZAP handler, message loop, event bus, scheduler,
/// workers, executor, autoscaler and stats, HTTP API) as a swift-service-lifecycle
/// `Service`, so a `ServiceGroup` runs them all and shuts them down in reverse order.
///
/// A part is already started (bound, connected) when it is wrapped: `StandaloneRuntime`
/// starts the parts in dependency order and fails early, before any of them runs. The
/// service then runs the part's long-lived ``body`` (the scheduler's loop, the workers'
/// serve loops; nothing for parts that only need stopping) until its graceful shutdown is
/// signalled, and calls ``stop`` with the ``StopRequest``'s mode:
///
/// - a body that ends by itself (a worker told to leave by the executor's drain) does not
///   end the service: it still waits for its turn in the shutdown, so the group never sees
///   an unexpected exit;
/// - a body that throws, when ``failureEndsGroup`` (the scheduler: a commit that keeps
///   failing), ends the service with that error, and the group then shuts the others down;
/// - cancellation (a forced stop) counts as the shutdown signal: ``stop`` runs at once.
public struct RuntimeService: Service {
    /// What logs and errors call it.
    public let name: String
    /// The part's long-lived work; returns when ``stop`` made it end (or on its own).
    let body: @Sendable () async throws -> Void
    /// Stops the part: graceful (finish what runs) or forced (``StopRequest/isForced``).
    let stop: @Sendable (_ forced: Bool) async -> Void
    /// Whether an error of ``body`` ends the service (and so shuts the group down).
    let failureEndsGroup: Bool
    private let request: StopRequest

    /// A service named `name` whose part is stopped by `stop`; `body` is its long-lived
    /// work (none by default). `request` tells a forced stop from a graceful one.
    public init(
        _ name: String, request: StopRequest = StopRequest(), failureEndsGroup: Bool = false,
        body: @escaping @Sendable () async throws -> Void = {},
        stop: @escaping @Sendable (_ forced: Bool) async -> Void
    ) {
        self.name = name
        self.request = request
        self.failureEndsGroup = failureEndsGroup
        self.body = body
        self.stop = stop
    }

    private enum Event: Sendable {
        case bodyEnded((any Error)?)
        case shutdownSignalled
    }

    public func run() async throws {
        let body = self.body
        try await withThrowingTaskGroup(of: Event.self) { group in
            group.addTask {
                do {
                    try await body()
                    return .bodyEnded(nil)
                } catch {
                    return .bodyEnded(error)
                }
            }
            // The graceful shutdown manager is a task local: the child sees this service's.
            group.addTask {
                try? await gracefulShutdown()  // throws only when cancelled: also the signal
                return .shutdownSignalled
            }
            var bodyRunning = true
            if case .bodyEnded(let error)? = try await group.next() {
                bodyRunning = false
                if let error, failureEndsGroup {
                    group.cancelAll()
                    throw error
                }
                // Ended by itself: wait for this service's turn in the shutdown.
                _ = try await group.next()
            }
            await stop(request.isForced || Task.isCancelled)
            if bodyRunning { _ = try await group.next() }
        }
    }
}

extension RuntimeService: CustomStringConvertible {
    public var description: String { name }
}

/// How a runtime is being stopped, shared by its services: graceful until
/// ``force()`` (a second Ctrl-C), which the services still stopping then see.
public final class StopRequest: Sendable {
    private let forced = Mutex(false)

    /// Graceful until ``force()``.
    public init() {}

    /// Whether the stop is forced (running tries are killed rather than waited for).
    public var isForced: Bool { forced.withLock { $0 } }

    /// Makes the stop forced from now on.
    public func force() { forced.withLock { $0 = true } }
}
