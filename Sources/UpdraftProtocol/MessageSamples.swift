import Foundation

/// One realistic, fully populated message of every kind: the values behind the golden
/// vectors in `Protocols/golden/`, and ready-made traffic for tests and `updraft bench`.
///
/// ```swift
/// let dispatch = MessageSamples.sample(.taskDispatch)
/// ```
public enum MessageSamples {
    /// One sample per `MessageKind`, in registry order.
    public static var all: [UpdraftMessage] { MessageKind.allCases.map(sample) }

    /// The sample message of `kind`.
    public static func sample(_ kind: MessageKind) -> UpdraftMessage {
        switch kind {
        case .workerHello: .workerHello(hello)
        case .workerWelcome: .workerWelcome(welcome)
        case .workerReject: .workerReject(reject)
        case .workerGoodbye: .workerGoodbye(.with { $0.workerID = "worker-a"; $0.reason = "drained" })
        case .heartbeat: .heartbeat(heartbeat)
        case .taskDispatch: .taskDispatch(dispatch)
        case .taskStarted: .taskStarted(started)
        case .taskLogChunk: .taskLogChunk(logChunk)
        case .taskFinished: .taskFinished(finished)
        case .taskCancel: .taskCancel(.with { $0.key = key; $0.reason = "cancelled by admin via CLI" })
        case .workerDrain: .workerDrain(.with { $0.reason = "idle worker retired"; $0.timeoutMs = 300_000 })
        case .workerShutdown: .workerShutdown(.with { $0.reason = "executor stopping" })
        case .stateChangeEvent: .stateChangeEvent(event)
        case .statsRequest: .statsRequest(.with { $0.requestID = 42 })
        case .statsReply: .statsReply(statsReply)
        }
    }

    /// 2026-11-22T00:00:00Z in Unix microseconds: the sample logical date.
    static let logicalDate: Int64 = 1_795_305_600_000_000

    /// The sample task instance: a mapped task, second try.
    static let key = WireTaskInstanceKey.with {
        $0.dagID = "etl_daily"
        $0.runID = "scheduled__2026-11-22T00:00:00+00:00"
        $0.taskID = "load"
        $0.mapIndex = 3
        $0.tryNumber = 2
    }

    static let hello = WireWorkerHello.with {
        $0.workerID = "worker-a"
        $0.queues = ["default", "gpu"]
        $0.capacity = 4
        $0.minProtocolVersion = 1
        $0.maxProtocolVersion = 1
        $0.hostname = "node-7.example.internal"
        $0.pid = 4242
        $0.labels = ["os": "linux", "zone": "b"]
        $0.softwareVersion = "0.1.0"
    }

    static let welcome = WireWorkerWelcome.with {
        $0.workerID = "worker-a"
        $0.protocolVersion = 1
        $0.heartbeatIntervalMs = 2_000
        $0.heartbeatTimeoutMs = 10_000
        $0.executorID = "executor-1"
    }

    static let reject = WireWorkerReject.with {
        $0.code = .unsupportedVersion
        $0.message = "worker speaks protocol versions 2...3, executor speaks 1...1"
        $0.minProtocolVersion = 1
        $0.maxProtocolVersion = 1
    }

    static let heartbeat = WireHeartbeat.with {
        $0.senderID = "worker-a"
        $0.sequence = 1_017
        $0.busySlots = 1
        $0.running = [key]
        $0.sentAtUnixUs = logicalDate + 3_600_000_000
    }

    static let dispatch = WireTaskDispatch.with {
        $0.key = key
        $0.kind = .bash
        $0.command = "python3 /opt/etl/load.py --date 2026-11-22 --shard 3 --target 'warehouse.sales' && echo done"
        $0.env = ["AIRFLOW_CTX_DAG_ID": "etl_daily", "TZ": "UTC", "SHARD": "3"]
        $0.cwd = "/srv/etl"
        $0.executionTimeoutMs = 1_800_000
        $0.queue = "default"
        $0.pool = "warehouse"
        $0.xcomInputs = [
            .with {
                $0.taskID = "extract"; $0.key = "return_value"; $0.mapIndex = 3
                $0.json = Data(#"{"rows":1200,"path":"s3://bucket/2026-11-22/3.parquet","note":"é✓"}"#.utf8)
            },
        ]
        $0.maxInlineXcomBytes = UInt32(ProtocolLimits.maxInlineXComBytes)
        $0.logicalDateUnixUs = logicalDate
        $0.skipOnExitCodes = [99, 100]
        $0.mapItemJson = Data(#"{"shard":3,"region":"eu-west-1"}"#.utf8)
        $0.paramsJson = Data(#"{"target":"warehouse.sales","limit":1000,"dry_run":false}"#.utf8)
    }

    static let started = WireTaskStarted.with {
        $0.key = key
        $0.pid = 31_337
        $0.hostname = "node-7.example.internal"
        $0.startedAtUnixUs = logicalDate + 3_600_000_000
        $0.workerID = "worker-a"
    }

    static let logChunk = WireTaskLogChunk.with {
        $0.key = key
        $0.stream = .stderr
        $0.sequence = 7
        $0.data = Data("loading shard 3\nwarning: 2 rows skipped\n".utf8) + Data([0xFF, 0x00])
    }

    static let finished = WireTaskFinished.with {
        $0.key = key
        $0.state = .failed
        $0.errorMessage = "command exited with code 2"
        $0.exitCode = 2
        $0.xcomOutputs = [
            .with { $0.taskID = "load"; $0.key = "return_value"; $0.mapIndex = 3; $0.json = Data(#"{"loaded":0}"#.utf8) },
        ]
        $0.durationUs = 12_345_678
        $0.chosenTaskIds = ["notify_failure"]
        $0.endedAtUnixUs = logicalDate + 3_612_345_678
    }

    static let event = WireStateChangeEvent.with {
        $0.entity = .taskInstance
        $0.dagID = "etl_daily"
        $0.runID = key.runID
        $0.taskID = "report"
        $0.mapIndex = -1
        $0.tryNumber = 2
        $0.oldTaskState = .running
        $0.newTaskState = .upForRetry
        $0.logicalDateUnixUs = logicalDate
        $0.timestampUnixUs = logicalDate + 3_612_400_000
        $0.sequence = 90_001
    }

    static let statsReply = WireStatsReply.with {
        $0.requestID = 42
        $0.process = "executor@node-1:1200"
        $0.collectedAtUnixUs = logicalDate + 7_200_000_000
        $0.sockets = [
            .with {
                $0.name = "executor.workers"; $0.socketType = "ROUTER"; $0.endpoints = ["tcp://0.0.0.0:5557"]
                $0.msgsIn = 1_500; $0.msgsOut = 1_480; $0.bytesIn = 310_000; $0.bytesOut = 402_000
                $0.malformedByCode = ["malformed_body": 3, "unknown_type": 1]
                $0.sendFailures = 2
                $0.queueDepth = 1
                $0.queuedSends = 17
                $0.messageTypes = [
                    .with { $0.typeCode = 30; $0.typeName = "task_dispatch"; $0.msgsOut = 700; $0.bytesOut = 180_000 },
                    .with { $0.typeCode = 33; $0.typeName = "task_finished"; $0.msgsIn = 690; $0.bytesIn = 90_000 },
                ]
            },
        ]
        $0.gauges = ["executor.queued_tasks": 12, "executor.workers": 3, "loop.lag_ms": 0.25]
    }
}
