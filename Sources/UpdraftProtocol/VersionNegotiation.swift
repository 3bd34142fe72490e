/// The executor's side of the handshake as a pure decision: given a worker's hello, accept
/// it with the highest protocol version both sides speak, or reject it with a reason.
///
/// ```swift
/// switch VersionNegotiation.decide(hello: hello, executorID: "exec-1", heartbeat: .default) {
/// case .welcome(let welcome): send(.workerWelcome(welcome))
/// case .reject(let reject): send(.workerReject(reject))
/// }
/// ```
public enum VersionNegotiation {
    /// The executor's answer to a hello.
    public enum Decision: Sendable, Hashable {
        /// Accept with this welcome.
        case welcome(WireWorkerWelcome)
        /// Refuse with this reject.
        case reject(WireWorkerReject)
    }

    /// Heartbeat settings announced in the welcome.
    public struct Heartbeat: Sendable, Hashable {
        /// Each side sends a heartbeat at least this often (milliseconds).
        public var intervalMs: UInt32
        /// Silence this long means the peer is lost (milliseconds); above `intervalMs`.
        public var timeoutMs: UInt32
        /// Creates heartbeat settings.
        public init(intervalMs: UInt32, timeoutMs: UInt32) {
            self.intervalMs = intervalMs
            self.timeoutMs = timeoutMs
        }
        /// 2 s interval, 10 s timeout (five missed heartbeats).
        public static let `default` = Heartbeat(intervalMs: 2_000, timeoutMs: 10_000)
    }

    /// The highest version in both ranges, or nil when they do not overlap.
    public static func highestCommon(
        offered: ClosedRange<UInt32>, supported: ClosedRange<UInt16> = UpdraftCodec.supportedVersions
    ) -> UInt16? {
        let high = min(offered.upperBound, UInt32(supported.upperBound))
        let low = max(offered.lowerBound, UInt32(supported.lowerBound))
        return low <= high ? UInt16(high) : nil
    }

    /// Welcome or reject `hello`: an invalid hello is rejected with `invalidHello` naming
    /// its problems, one without a common version with `unsupportedVersion`.
    public static func decide(
        hello: WireWorkerHello, executorID: String, heartbeat: Heartbeat = .default,
        supported: ClosedRange<UInt16> = UpdraftCodec.supportedVersions
    ) -> Decision {
        let problems = hello.problems
        guard problems.isEmpty else {
            return .reject(reject(.invalidHello, "invalid hello: " + problems.joined(separator: "; "), supported))
        }
        let offered = hello.minProtocolVersion...hello.maxProtocolVersion
        guard let version = highestCommon(offered: offered, supported: supported) else {
            let text = "worker speaks protocol versions \(offered.lowerBound)...\(offered.upperBound), "
                + "executor speaks \(supported.lowerBound)...\(supported.upperBound)"
            return .reject(reject(.unsupportedVersion, text, supported))
        }
        var welcome = WireWorkerWelcome()
        welcome.workerID = hello.workerID
        welcome.protocolVersion = UInt32(version)
        welcome.heartbeatIntervalMs = heartbeat.intervalMs
        welcome.heartbeatTimeoutMs = heartbeat.timeoutMs
        welcome.executorID = executorID
        return .welcome(welcome)
    }

    /// A reject carrying the executor's supported range.
    public static func reject(
        _ code: WireWorkerReject.Code, _ message: String,
        _ supported: ClosedRange<UInt16> = UpdraftCodec.supportedVersions
    ) -> WireWorkerReject {
        var reject = WireWorkerReject()
        reject.code = code
        reject.message = message
        reject.minProtocolVersion = UInt32(supported.lowerBound)
        reject.maxProtocolVersion = UInt32(supported.upperBound)
        return reject
    }
}
