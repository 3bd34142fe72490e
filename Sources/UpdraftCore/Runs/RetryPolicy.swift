import Foundation

/// Airflow's retry delay (`TaskInstance.next_retry_datetime`).
///
/// - Without `retry_exponential_backoff`: `retry_delay`, whatever the try (Airflow applies
///   `max_retry_delay` only to the exponential case, and so does this).
/// - With it: `min(max_retry_delay, max(1, ceil(retry_delay * 2^(try_number-1))))`, also capped
///   at ``maxDelay`` (24 h, Airflow's `[core] max_task_retry_delay`).
///
/// Jitter: ``delay(afterTry:)`` has none, so the numbers are exact. Airflow adds a jitter
/// derived from a hash of the task instance, putting the delay in `[base, 2 * base)`;
/// ``delay(afterTry:jitterKey:)`` does the same with a stable hash (FNV-1a) so the result is
/// the same on every machine. ``RunTracker`` uses the jittered form for exponential backoff.
///
/// ```swift
/// // retry_delay 10s, exponential, max 60s: tries 1, 2, 3, 4 wait 10, 20, 40, 60 seconds.
/// RetryPolicy(retryDelay: 10, exponentialBackoff: true, maxRetryDelay: 60).delay(afterTry: 3) // 40
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Airflow's `[core] max_task_retry_delay` default: no exponential delay exceeds 24 hours.
    public static let maxDelay: TimeInterval = 86_400

    /// `retry_delay` in seconds.
    public var retryDelay: TimeInterval
    /// `retry_exponential_backoff`.
    public var exponentialBackoff: Bool
    /// `max_retry_delay` in seconds, if set.
    public var maxRetryDelay: TimeInterval?

    /// The policy of `task` (its retry_delay, retry_exponential_backoff, max_retry_delay).
    public init(task: TaskSpec) {
        self.init(
            retryDelay: TimeInterval(task.retryDelay.seconds), exponentialBackoff: task.retryExponentialBackoff,
            maxRetryDelay: task.maxRetryDelay.map { TimeInterval($0.seconds) })
    }

    /// A policy from its three settings.
    public init(retryDelay: TimeInterval, exponentialBackoff: Bool = false, maxRetryDelay: TimeInterval? = nil) {
        self.retryDelay = retryDelay
        self.exponentialBackoff = exponentialBackoff
        self.maxRetryDelay = maxRetryDelay
    }

    /// Seconds to wait after try `tryNumber` (1 for the first try) failed, without jitter.
    public func delay(afterTry tryNumber: Int) -> TimeInterval {
        guard exponentialBackoff else { return max(0, retryDelay) }
        return capped(minimumBackoff(afterTry: tryNumber))
    }

    /// Seconds to wait after try `tryNumber` failed, with Airflow's jitter for exponential
    /// backoff: `base + hash(jitterKey) % base` where base is the un-jittered delay before caps,
    /// then capped like ``delay(afterTry:)``. Without exponential backoff, no jitter is added.
    /// The same key gives the same delay on every machine.
    public func delay(afterTry tryNumber: Int, jitterKey: String) -> TimeInterval {
        guard exponentialBackoff else { return max(0, retryDelay) }
        let base = minimumBackoff(afterTry: tryNumber)
        guard base < Self.maxDelay else { return capped(base) }
        let whole = UInt64(base)
        let jitter = Double(Self.stableHash(jitterKey) % whole)
        return capped(base + jitter)
    }

    /// `max(1, ceil(retry_delay * 2^(try-1)))`, saturated at ``maxDelay``.
    private func minimumBackoff(afterTry tryNumber: Int) -> TimeInterval {
        let exponent = Double(max(0, tryNumber - 1))
        let raw = (max(0, retryDelay) * pow(2, exponent)).rounded(.up)
        guard raw.isFinite else { return Self.maxDelay }
        return min(max(1, raw), Self.maxDelay)
    }

    private func capped(_ seconds: TimeInterval) -> TimeInterval {
        let limited = min(seconds, Self.maxDelay)
        guard let maxRetryDelay else { return limited }
        return min(limited, max(0, maxRetryDelay))
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: stable across processes and machines (unlike `Hasher`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
