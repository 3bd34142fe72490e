import Foundation

/// The boundaries of consecutive data intervals for a cron or fixed-interval schedule:
/// cron fire times in a zone, or `anchor + k * span` (k any integer) for intervals.
/// Mirrors Airflow's `_align_to_next`, `_align_to_prev`, `_get_next`, `_get_prev`.
enum IntervalSteps: Sendable {
    case cron(CronExpression, TimeZone)
    case fixed(seconds: TimeInterval, anchor: Date)

    /// `date` when it is a boundary, else the first boundary after it.
    func alignNext(_ date: Date) -> Date? {
        switch self {
        case .cron(let cron, let zone):
            return cron.isFireTime(date, in: zone) ? date : cron.next(after: date, in: zone)
        case .fixed(let span, let anchor):
            let k = (date.timeIntervalSince(anchor) / span).rounded(.up)
            return anchor.addingTimeInterval(k * span)
        }
    }

    /// `date` when it is a boundary, else the last boundary before it.
    func alignPrevious(_ date: Date) -> Date? {
        switch self {
        case .cron(let cron, let zone):
            return cron.isFireTime(date, in: zone) ? date : cron.previous(before: date, in: zone)
        case .fixed(let span, let anchor):
            let k = (date.timeIntervalSince(anchor) / span).rounded(.down)
            return anchor.addingTimeInterval(k * span)
        }
    }

    /// The first boundary strictly after `date`.
    func after(_ date: Date) -> Date? {
        switch self {
        case .cron(let cron, let zone):
            return cron.next(after: date, in: zone)
        case .fixed(let span, let anchor):
            let k = (date.timeIntervalSince(anchor) / span).rounded(.down) + 1
            return anchor.addingTimeInterval(k * span)
        }
    }

    /// The last boundary strictly before `date`.
    func before(_ date: Date) -> Date? {
        switch self {
        case .cron(let cron, let zone):
            return cron.previous(before: date, in: zone)
        case .fixed(let span, let anchor):
            let k = (date.timeIntervalSince(anchor) / span).rounded(.up) - 1
            return anchor.addingTimeInterval(k * span)
        }
    }
}
