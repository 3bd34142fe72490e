import Foundation
import UpdraftCore

/// When a poke-style sensor checks next, as Airflow's `BaseSensorOperator` decides it.
///
/// - Without `exponential_backoff`: every `poke_interval`.
/// - With it, after poke `n` (1-based): `b = max(1, poke_interval × 2^(n-2))` seconds, plus a
///   stable jitter in `[0, b)` (a hash of the instance, the first poke time and `n`, like
///   Airflow's sha1 of `dag_id#task_id#started_at#try`), capped by `max_wait`.
/// - Never past the timeout: the last check happens at `first poke + timeout`; a failed
///   check at or after it ends the try (timeout → failed, or skipped with `soft_fail`).
struct PokeSchedule: Sendable {
    let spec: SensorSpec
    let firstPokeAt: Date
    let jitterKey: String

    /// The delay before the next check after poke number `pokes` failed at `now`; nil when
    /// the timeout has passed (the try times out).
    func nextDelay(afterPoke pokes: Int, now: Date) -> TimeInterval? {
        let deadline = firstPokeAt.addingTimeInterval(TimeInterval(spec.timeout.seconds))
        let left = deadline.timeIntervalSince(now)
        guard left > 0 else { return nil }
        var delay = TimeInterval(max(0, spec.pokeInterval.seconds))
        if spec.exponentialBackoff {
            let exponent = Double(pokes - 2)
            let base = max(1, (delay * pow(2, exponent)).rounded(.down))
            let capped = min(base, 1e9)
            let jitter = Double(Self.stableHash("\(jitterKey)#\(firstPokeAt.timeIntervalSince1970)#\(pokes)") % UInt64(capped))
            delay = capped + jitter
        }
        if let maxWait = spec.maxWait { delay = min(delay, TimeInterval(max(0, maxWait.seconds))) }
        return min(delay, left)
    }

    /// FNV-1a: the same on every machine and run (Swift's `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
