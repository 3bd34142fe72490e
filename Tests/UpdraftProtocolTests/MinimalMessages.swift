import UpdraftProtocol

/// The smallest message of each kind that passes validation.
enum MinimalMessages {
    static let key = WireTaskInstanceKey.with {
        $0.dagID = "d"; $0.runID = "r"; $0.taskID = "t"; $0.mapIndex = -1; $0.tryNumber = 1
    }

    static func minimal(_ kind: MessageKind) -> UpdraftMessage {
        switch kind {
        case .workerHello:
            .workerHello(.with {
                $0.workerID = "w"; $0.queues = ["q"]; $0.capacity = 1
                $0.minProtocolVersion = 1; $0.maxProtocolVersion = 1
            })
        case .workerWelcome:
            .workerWelcome(.with {
                $0.workerID = "w"; $0.protocolVersion = 1; $0.heartbeatIntervalMs = 1; $0.heartbeatTimeoutMs = 2
            })
        case .workerReject: .workerReject(.with { $0.code = .shuttingDown })
        case .workerGoodbye: .workerGoodbye(.with { $0.workerID = "w" })
        case .heartbeat: .heartbeat(.with { $0.senderID = "w" })
        case .taskDispatch: .taskDispatch(.with { $0.key = key; $0.kind = .empty })
        case .taskStarted: .taskStarted(.with { $0.key = key })
        case .taskLogChunk: .taskLogChunk(.with { $0.key = key; $0.stream = .stdout })
        case .taskFinished: .taskFinished(.with { $0.key = key; $0.state = .success })
        case .taskCancel: .taskCancel(.with { $0.key = key })
        case .workerDrain: .workerDrain(WireWorkerDrain())
        case .workerShutdown: .workerShutdown(WireWorkerShutdown())
        case .stateChangeEvent:
            .stateChangeEvent(.with { $0.entity = .dagRun; $0.dagID = "d"; $0.runID = "r"; $0.newRunState = .running })
        case .statsRequest: .statsRequest(WireStatsRequest())
        case .statsReply: .statsReply(WireStatsReply())
        }
    }
}
