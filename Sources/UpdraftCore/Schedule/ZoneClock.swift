import Foundation

/// Maps between instants (whole UTC seconds) and wall-clock seconds of one time zone,
/// including the two awkward cases: wall times skipped by a spring-forward gap, and wall
/// times that occur twice when clocks fall back.
struct ZoneClock: Sendable {
    let zone: TimeZone

    /// Seconds east of UTC at instant `utc`.
    func offset(at utc: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))))
    }

    /// Wall seconds at instant `utc`.
    func wall(at utc: Int64) -> Int64 { utc + offset(at: utc) }

    /// Every instant whose wall clock reads `wall`, earliest first: one normally, two in a
    /// fall-back overlap, none in a spring-forward gap. Assumes no two offset changes
    /// within two days, which holds for every real zone.
    func instants(atWall wall: Int64) -> [Int64] {
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        var found: [Int64] = []
        for o in Set([before, after]) where offset(at: wall - o) == o {
            found.append(wall - o)
        }
        return found.sorted()
    }

    /// The first instant after the spring-forward gap that swallowed `wall`: the moment the
    /// offset changes. Found by bisection between the two readings of `wall`.
    func gapEnd(containingWall wall: Int64) -> Int64 {
        let a = offset(at: wall - 86_400)
        let b = offset(at: wall + 86_400)
        var lo = wall - max(a, b)  // still on the old offset
        var hi = wall - min(a, b)  // already on the new offset
        let old = offset(at: lo)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == old { lo = mid } else { hi = mid }
        }
        return hi
    }
}
