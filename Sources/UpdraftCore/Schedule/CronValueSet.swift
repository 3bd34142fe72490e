/// The values one cron field allows, as a bit set over 0...63.
struct CronValueSet: Sendable, Hashable {
    /// Bit `v` is set when value `v` is allowed.
    var bits: UInt64
    /// True when the field's text starts with `*` (`*`, `*/15`): Vixie cron's rule for
    /// "unrestricted" in the day-of-month / day-of-week OR logic.
    var isStar: Bool

    init(bits: UInt64 = 0, isStar: Bool = false) {
        self.bits = bits
        self.isStar = isStar
    }

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    mutating func insert(_ value: Int) { bits |= 1 << UInt64(value) }

    /// The smallest allowed value >= `value`, or nil.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let shifted = bits >> UInt64(max(value, 0))
        guard shifted != 0 else { return nil }
        return max(value, 0) + shifted.trailingZeroBitCount
    }

    /// The largest allowed value <= `value`, or nil.
    func last(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let keep = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
        guard keep != 0 else { return nil }
        return 63 - keep.leadingZeroBitCount
    }

    /// The smallest allowed value (the set is never empty once parsed).
    var first: Int { bits.trailingZeroBitCount }
    /// The largest allowed value.
    var lastValue: Int { 63 - bits.leadingZeroBitCount }
}

extension CronValueSet {
    /// The allowed values in ascending order.
    var values: [Int] { (0..<64).filter(contains) }
}
