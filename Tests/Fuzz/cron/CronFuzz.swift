import Foundation
import UpdraftCore

/// The input as a `schedule:` value. Properties:
/// - `Schedule(parsing:)` and `CronExpression(parsing:)` only ever throw `ScheduleError`
///   (typed throws), never trap;
/// - a parsed schedule's description parses back to the same schedule;
/// - a cron expression parses back from its text; its next fire time after a fixed instant
///   exists (it was checked to fire), is later, is a fire time, and `previous(before:)` it
///   is earlier (UTC, where no wall time is skipped or repeated).
enum CronFuzz {
    static let base = Date(timeIntervalSince1970: 1_772_928_000)  // 2026-03-08T00:00:00Z
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func check(_ text: String) {
        guard let schedule = try? Schedule(parsing: text) else { return }
        let again = Result { () throws(ScheduleError) in try Schedule(parsing: schedule.description) }
        FuzzCheck.require((try? again.get()) == schedule, "\(text.debugDescription): description \(schedule.description.debugDescription) gives \(again)")
        guard case .cron(let cron) = schedule else { return }
        FuzzCheck.require((try? CronExpression(parsing: cron.text)) == cron, "\(text.debugDescription): text does not parse back")
        guard let next = cron.next(after: base, in: utc) else {
            FuzzCheck.require(false, "\(text.debugDescription): parsed, but never fires after \(base)")
            return
        }
        FuzzCheck.require(next > base, "\(text.debugDescription): next \(next) is not after \(base)")
        FuzzCheck.require(cron.isFireTime(next, in: utc), "\(text.debugDescription): next \(next) is not a fire time")
        if let previous = cron.previous(before: next, in: utc) {
            FuzzCheck.require(previous < next, "\(text.debugDescription): previous \(previous) is not before \(next)")
        }
        if let local = cron.next(after: base, in: berlin) {
            FuzzCheck.require(local > base, "\(text.debugDescription): Berlin next \(local) is not after \(base)")
        }
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func cronFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CronFuzz.check(FuzzCheck.text(data, size))
    return 0
}
