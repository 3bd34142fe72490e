/// "Did you mean …?" hints: the closest candidate by edit distance.
public enum Suggestion {
    /// The candidate closest to `word`, if within a third of its length (at least 2 edits,
    /// at most 4, case-insensitive); ties go to the first candidate.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = min(4, max(2, word.count / 3))
        let w = Array(word.lowercased().utf8)
        var best: (String, Int)?
        for c in candidates where c != word {
            let cu = Array(c.lowercased().utf8)
            guard abs(cu.count - w.count) <= limit else { continue }
            let d = distance(w, cu, limit: limit)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    /// ` (did you mean 'x'?)` or an empty string.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance, giving up early once every cell of a row is above `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return rowMin }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
