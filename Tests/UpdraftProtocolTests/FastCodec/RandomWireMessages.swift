import Foundation
import UpdraftProtocol

/// Reproducible random messages of the kinds the hand-written codec covers: every field
/// sometimes default, sometimes extreme (negative, 64-bit, non-ASCII, empty map keys).
struct RandomWireMessages {
    /// The kinds with a hand-written codec.
    static let kinds: [MessageKind] = [.heartbeat, .taskDispatch, .taskStarted, .taskLogChunk, .taskFinished, .stateChangeEvent]

    private var state: UInt64

    /// A generator whose sequence depends only on `seed`.
    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// 0 a third of the time, else small, 32-bit or full 64-bit.
    mutating func u64() -> UInt64 {
        switch below(6) {
        case 0, 1: 0
        case 2: UInt64(below(200))
        case 3: UInt64(UInt32.max) - UInt64(below(3))
        default: next()
        }
    }
    mutating func i64() -> Int64 { Int64(bitPattern: u64()) * (chance(30) ? -1 : 1) }
    mutating func u32() -> UInt32 { UInt32(truncatingIfNeeded: u64()) }
    mutating func i32() -> Int32 {
        switch below(5) {
        case 0: 0
        case 1: -1
        case 2: Int32.min + Int32(below(2))
        case 3: Int32.max - Int32(below(2))
        default: Int32(truncatingIfNeeded: next())
        }
    }
    mutating func enumRaw(_ known: Int) -> Int {
        chance(10) ? [-3, 99, 1_000_000][below(3)] : below(known)
    }

    /// Empty, ASCII, or mixed non-ASCII text, up to 200 bytes.
    mutating func string() -> String {
        if chance(25) { return "" }
        let alphabet: [String] = ["a", "Z", "_", "9", " ", "é", "ß", "日本", "🚀", "\u{0}", "\u{7F}", "—"]
        let count = chance(10) ? 60 + below(140) : below(16)
        return (0..<count).map { _ in alphabet[below(alphabet.count)] }.joined()
    }
    mutating func data() -> Data {
        if chance(30) { return Data() }
        return Data((0..<below(chance(10) ? 300 : 20)).map { _ in UInt8(truncatingIfNeeded: next()) })
    }

    mutating func key() -> WireTaskInstanceKey {
        var key = WireTaskInstanceKey()
        key.dagID = string(); key.runID = string(); key.taskID = string()
        key.mapIndex = i32(); key.tryNumber = u32()
        return key
    }
    mutating func xcom() -> WireXComValue {
        var value = WireXComValue()
        value.taskID = string(); value.key = string(); value.mapIndex = i32(); value.json = data()
        return value
    }

    /// A random message of `kind` (one of `kinds`).
    mutating func message(_ kind: MessageKind) -> UpdraftMessage {
        switch kind {
        case .heartbeat: .heartbeat(heartbeat())
        case .taskDispatch: .taskDispatch(dispatch())
        case .taskStarted: .taskStarted(started())
        case .taskLogChunk: .taskLogChunk(logChunk())
        case .taskFinished: .taskFinished(finished())
        default: .stateChangeEvent(event())
        }
    }

    mutating func heartbeat() -> WireHeartbeat {
        var m = WireHeartbeat()
        m.senderID = string(); m.sequence = u64(); m.busySlots = u32()
        m.running = (0..<below(4)).map { _ in key() }
        m.sentAtUnixUs = i64()
        return m
    }
    mutating func dispatch() -> WireTaskDispatch {
        var m = WireTaskDispatch()
        if chance(85) { m.key = key() }
        m.kind = WireTaskDispatch.Kind(rawValue: enumRaw(5))!
        m.command = string(); m.callable = string()
        for _ in 0..<below(5) { m.env[string()] = string() }
        m.cwd = string(); m.executionTimeoutMs = u64(); m.queue = string(); m.pool = string()
        m.xcomInputs = (0..<below(3)).map { _ in xcom() }
        m.maxInlineXcomBytes = u32(); m.logicalDateUnixUs = i64()
        m.skipOnExitCodes = (0..<below(4)).map { _ in i32() }
        m.mapItemJson = data(); m.paramsJson = data()
        return m
    }
    mutating func started() -> WireTaskStarted {
        var m = WireTaskStarted()
        if chance(85) { m.key = key() }
        m.pid = u32(); m.hostname = string(); m.startedAtUnixUs = i64(); m.workerID = string()
        return m
    }
    mutating func logChunk() -> WireTaskLogChunk {
        var m = WireTaskLogChunk()
        if chance(85) { m.key = key() }
        m.stream = WireTaskLogChunk.Stream(rawValue: enumRaw(3))!
        m.sequence = u64(); m.data = data()
        return m
    }
    mutating func finished() -> WireTaskFinished {
        var m = WireTaskFinished()
        if chance(85) { m.key = key() }
        m.state = WireTaskState(rawValue: enumRaw(14))!
        m.errorMessage = string()
        if chance(60) { m.exitCode = i32() }
        m.xcomOutputs = (0..<below(3)).map { _ in xcom() }
        m.durationUs = u64()
        m.chosenTaskIds = (0..<below(4)).map { _ in string() }
        m.endedAtUnixUs = i64()
        return m
    }
    mutating func event() -> WireStateChangeEvent {
        var m = WireStateChangeEvent()
        m.entity = WireStateChangeEvent.Entity(rawValue: enumRaw(3))!
        m.dagID = string(); m.runID = string(); m.taskID = string()
        m.mapIndex = i32(); m.tryNumber = u32()
        m.oldTaskState = WireTaskState(rawValue: enumRaw(14))!
        m.newTaskState = WireTaskState(rawValue: enumRaw(14))!
        m.oldRunState = WireDagRunState(rawValue: enumRaw(5))!
        m.newRunState = WireDagRunState(rawValue: enumRaw(5))!
        m.logicalDateUnixUs = i64(); m.timestampUnixUs = i64(); m.sequence = u64()
        return m
    }
}
