import UpdraftWire

extension ZAPHandler.Counts {
    /// `zap.accepted`, `zap.refused` (unknown key, wrong role, no CURVE), `zap.malformed`:
    /// the stats gauges of a scheduler's CURVE handshakes.
    public var gauges: [String: Double] {
        ["zap.accepted": Double(accepted), "zap.refused": Double(refused), "zap.malformed": Double(malformed)]
    }
}
