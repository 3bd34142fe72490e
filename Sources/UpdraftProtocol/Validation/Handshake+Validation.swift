extension WireWorkerHello: WireMessage {
    /// Needs worker_id, at least one non-empty queue, capacity >= 1 and
    /// 1 <= min_protocol_version <= max_protocol_version.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.nonEmpty(workerID, "worker_id", &problems)
        if queues.isEmpty { problems.append("queues is empty") }
        for index in queues.indices where problems.count < FieldRules.maxProblems {
            if queues[index].isEmpty { problems.append("queues[\(index)] is empty") }
        }
        if capacity < 1 { problems.append("capacity is 0, expected 1 or more") }
        if minProtocolVersion < 1 { problems.append("min_protocol_version is 0, expected 1 or more") }
        if minProtocolVersion > maxProtocolVersion {
            problems.append(
                "min_protocol_version \(minProtocolVersion) exceeds max_protocol_version \(maxProtocolVersion)")
        }
    }
}

extension WireWorkerWelcome: WireMessage {
    /// Needs worker_id, protocol_version >= 1 and 0 < heartbeat_interval_ms < heartbeat_timeout_ms.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.nonEmpty(workerID, "worker_id", &problems)
        if protocolVersion < 1 { problems.append("protocol_version is 0, expected 1 or more") }
        if heartbeatIntervalMs < 1 { problems.append("heartbeat_interval_ms is 0") }
        if heartbeatTimeoutMs <= heartbeatIntervalMs {
            problems.append(
                "heartbeat_timeout_ms \(heartbeatTimeoutMs) is not above heartbeat_interval_ms \(heartbeatIntervalMs)")
        }
    }
}

extension WireWorkerReject: WireMessage {
    /// Needs a code (a code this side does not know is accepted: newer peers may add codes).
    public func collectProblems(into problems: inout [String]) {
        if code == .unspecified { problems.append("code is unspecified") }
    }
}

extension WireWorkerGoodbye: WireMessage {
    /// Needs worker_id.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.nonEmpty(workerID, "worker_id", &problems)
    }
}

extension WireHeartbeat: WireMessage {
    /// Needs sender_id; every running key must be complete.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.nonEmpty(senderID, "sender_id", &problems)
        running.withUnsafeBufferPointer { keys in
            for index in keys.indices where problems.count < FieldRules.maxProblems {
                keys[index].collectProblems(prefix: "running[\(index)].", into: &problems)
            }
        }
    }
}

extension WireWorkerDrain: WireMessage {
    /// Every field is optional.
    public func collectProblems(into problems: inout [String]) {}
}

extension WireWorkerShutdown: WireMessage {
    /// Every field is optional.
    public func collectProblems(into problems: inout [String]) {}
}
