extension WireTaskDispatch: WireMessage {
    /// Needs a complete key and a known kind with what that kind runs (bash: command;
    /// swift closure: callable; branch: callable or command); env names and XCom inputs
    /// must be complete. An UNRECOGNIZED kind passes: the worker fails that task with a
    /// clear error rather than leave it hanging.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.key(hasKey: hasKey, key, &problems)
        switch kind {
        case .unspecified: problems.append("kind is unspecified")
        case .bash: FieldRules.nonEmpty(command, "command", &problems)
        case .swiftClosure: FieldRules.nonEmpty(callable, "callable", &problems)
        case .branch:
            if callable.isEmpty && command.isEmpty { problems.append("callable and command are both empty") }
        case .empty, .UNRECOGNIZED: break
        }
        if env.keys.contains("") { problems.append("env has an empty variable name") }
        xcomInputs.withUnsafeBufferPointer { values in
            for index in values.indices where problems.count < FieldRules.maxProblems {
                values[index].collectProblems(prefix: "xcom_inputs[\(index)].", into: &problems)
            }
        }
    }
}

extension WireTaskStarted: WireMessage {
    /// Needs a complete key.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.key(hasKey: hasKey, key, &problems)
    }
}

extension WireTaskLogChunk: WireMessage {
    /// Needs a complete key and a stream.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.key(hasKey: hasKey, key, &problems)
        if stream == .unspecified { problems.append("stream is unspecified") }
    }
}

extension WireTaskFinished: WireMessage {
    /// The states a worker may report when a task instance ends.
    public static let reportableStates: Set<WireTaskState> = [
        .success, .failed, .skipped, .upForRetry, .upForReschedule,
    ]

    /// Needs a complete key, a state from `reportableStates` and complete XCom outputs.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.key(hasKey: hasKey, key, &problems)
        if !Self.reportableStates.contains(state) {
            problems.append("state \(state) is not one a finished task reports")
        }
        xcomOutputs.withUnsafeBufferPointer { values in
            for index in values.indices where problems.count < FieldRules.maxProblems {
                values[index].collectProblems(prefix: "xcom_outputs[\(index)].", into: &problems)
            }
        }
    }
}

extension WireTaskCancel: WireMessage {
    /// Needs a complete key.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.key(hasKey: hasKey, key, &problems)
    }
}
