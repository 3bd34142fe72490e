import Foundation
import Logging
import UpdraftCore

/// Delivers callback notifications for the scheduler, off its hand-off path.
///
/// The scheduler calls ``enqueue(_:)`` after a step's commit: it appends to an unbounded-
/// rate, size-capped buffer and returns at once, so a task's downstream never waits for its
/// callback. ``run()`` takes notifications in order and delivers up to
/// ``NotifierSettings/maxConcurrent`` at once, each with a timeout per attempt and up to
/// ``NotifierSettings/attempts`` attempts (backoff doubling). A notification that fails for
/// good is logged (masked) and counted; it never changes any task instance or run.
public actor NotifierDispatcher {
    /// Sent / failed / retried counts (stats, Prometheus, tests).
    public nonisolated let counters = NotificationCounters()
    private let settings: NotifierSettings
    private let logger: Logger
    private let stream: AsyncStream<PendingNotification>
    private let continuation: AsyncStream<PendingNotification>.Continuation
    private let poster = HTTPPoster()
    /// Called after each delivery with (sent, decided → delivered seconds): `bench notify`.
    private let onDelivered: (@Sendable (Bool, TimeInterval) -> Void)?

    /// A dispatcher; nothing is delivered until ``run()``.
    init(settings: NotifierSettings, logger: Logger, onDelivered: (@Sendable (Bool, TimeInterval) -> Void)? = nil) {
        self.settings = settings
        self.logger = logger
        self.onDelivered = onDelivered
        (stream, continuation) = AsyncStream.makeStream(of: PendingNotification.self,
                                                        bufferingPolicy: .bufferingOldest(max(1, settings.maxQueued)))
    }

    /// Queues `notifications` without waiting; past ``NotifierSettings/maxQueued`` waiting
    /// they are dropped, logged and counted as failed.
    nonisolated func enqueue(_ notifications: [PendingNotification]) {
        counters.enqueued(notifications.count)
        for n in notifications {
            switch continuation.yield(n) {
            case .enqueued: break
            case .dropped, .terminated:
                counters.failed()
                logger.error("notification dropped (\(n.notifier.kind) in \(n.event.key) of \(n.label)): the notifier queue is full or closed")
            @unknown default: break
            }
        }
    }

    /// No more notifications: ``run()`` ends once the queued ones are delivered.
    nonisolated func finish() { continuation.finish() }

    /// Delivers queued notifications until ``finish()``, at most `maxConcurrent` at once.
    func run() async {
        let limit = max(1, settings.maxConcurrent)
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for await n in stream {
                if inFlight >= limit {
                    await group.next()
                    inFlight -= 1
                }
                let settings = settings, logger = logger, poster = poster, counters = counters, onDelivered = onDelivered
                group.addTask(priority: .background) {
                    let ok = await Self.deliver(n, settings: settings, poster: poster, counters: counters, logger: logger)
                    onDelivered?(ok, Date().timeIntervalSince(n.decidedAt))
                }
                inFlight += 1
            }
        }
    }

    /// One notification: render, then attempts with backoff. True when it was delivered.
    static func deliver(_ n: PendingNotification, settings: NotifierSettings, poster: HTTPPoster,
                        counters: NotificationCounters, logger: Logger) async -> Bool {
        let what = "\(n.notifier.kind) notifier in \(n.event.key) of \(n.label)"
        let delivery: NotificationDelivery
        do {
            delivery = try NotificationRenderer.delivery(for: n)
        } catch {
            counters.failed()
            logger.error("notification not sent: \(error.message)")
            return false
        }
        var delay = settings.backoff
        let attempts = max(1, settings.attempts)
        for attempt in 1...attempts {
            do {
                try await attemptOnce(delivery, settings: settings, poster: poster, masker: n.masker)
                counters.sent()
                logger.debug("notification sent: \(what)")
                return true
            } catch {
                let failure = (error as? NotifyFailure) ?? NotifyFailure("\(error)", retryable: true)
                let message = n.masker.mask(failure.message)
                guard failure.retryable, attempt < attempts, !Task.isCancelled else {
                    counters.failed()
                    logger.error("notification failed after \(attempt) attempt(s): \(what): \(message)")
                    return false
                }
                counters.retried()
                logger.warning("notification attempt \(attempt) failed, retrying in \(delay): \(what): \(message)")
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
        return false
    }

    /// One attempt, bounded by the timeout.
    static func attemptOnce(_ delivery: NotificationDelivery, settings: NotifierSettings, poster: HTTPPoster,
                            masker: SecretMasker) async throws {
        let timeout = settings.timeout
        switch delivery {
        case .bash(let command, let environment):
            // The runner kills the process group itself at the timeout.
            let env = settings.environment.merging(environment) { _, own in own }
            try await BashNotifierRunner.run(command, environment: env, timeout: timeout, masker: masker)
        case .http(let url, let body):
            // Bounded by the request's own timeout (never cancelled: see HTTPPoster).
            try await poster.post(body, to: url, timeout: timeout)
        case .email(let server, let message):
            try await withTimeout(timeout, onTimeout: {
                NotifyFailure("SMTP \(server.host):\(server.port): no answer within \(timeout)", retryable: true)
            }) {
                try await SMTPClient.send(message, via: server)
            }
        }
    }
}
