import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("Worker output parsing: last line, XCom, branch choice")
struct WorkerOutputParsingTests {
    @Test("the last non-empty line survives any split of the stream")
    func lastLineAcrossPieces() {
        let text = Array("first\nsecond line\r\n\n   \nlast one\n\n".utf8)
        for split in 0...text.count {
            var tracker = LastLineTracker()
            tracker.feed(text[..<split])
            tracker.feed(text[split...])
            #expect(tracker.text == "last one", "split at \(split)")
        }
        var unterminated = LastLineTracker()
        unterminated.feed(Array("a\nb".utf8))
        #expect(unterminated.text == "b")
        var blank = LastLineTracker()
        blank.feed(Array("\n  \n".utf8))
        #expect(blank.text == nil)
    }

    @Test("a line longer than the tracker's limit keeps its length, not its bytes")
    func longLine() {
        var tracker = LastLineTracker(limit: 10)
        tracker.feed(Array(String(repeating: "x", count: 100).utf8))
        tracker.feed(Array("\n".utf8))
        #expect(tracker.length == 100)
        #expect(tracker.text?.count == 11)
        let collector = XComCollector(taskId: "t", mapIndex: -1, maxInlineBytes: 5)
        #expect(throws: XComFailure.oversize(key: "return_value", bytes: 100, limit: 5)) {
            _ = try collector.collect(lastLine: tracker, xcomFile: nil, xcomPath: "/x")
        }
    }

    @Test("stdout's last line: JSON kept as is, anything else a JSON string", arguments: [
        ("42", "42"), (#"{"a": [1, 2]}"#, #"{"a": [1, 2]}"#), ("true", "true"), ("done", #""done""#),
        ("{not json", #""{not json""#), (#"say "hi""#, #""say \"hi\"""#), ("2026-11-30", #""2026-11-30""#),
    ])
    func returnValue(line: String, json: String) {
        #expect(String(decoding: XComCollector.jsonOrString(line), as: UTF8.self) == json)
    }

    @Test("file keys win over stdout; values are sorted with return_value first")
    func fileAndStdout() throws {
        var tracker = LastLineTracker()
        tracker.feed(Array("7\n".utf8))
        let collector = XComCollector(taskId: "t", mapIndex: 4, maxInlineBytes: 100)
        let values = try collector.collect(
            lastLine: tracker, xcomFile: Data(#"{"z": null, "a": {"k": 1}}"#.utf8), xcomPath: "/x")
        #expect(values.map(\.key) == ["return_value", "a", "z"])
        #expect(values.map { String(decoding: $0.json, as: UTF8.self) } == ["7", #"{"k":1}"#, "null"])
        #expect(values.allSatisfy { $0.taskID == "t" && $0.mapIndex == 4 })
        let overridden = try collector.collect(lastLine: tracker, xcomFile: Data(#"{"return_value": "x"}"#.utf8), xcomPath: "/x")
        #expect(overridden.map { String(decoding: $0.json, as: UTF8.self) } == [#""x""#])
    }

    @Test("a bad XCom file is an error naming the file", arguments: ["[1, 2]", "not json", #"{"": 1}"#])
    func badFile(content: String) {
        let collector = XComCollector(taskId: "t", mapIndex: -1, maxInlineBytes: 100)
        do throws(XComFailure) {
            _ = try collector.collect(lastLine: LastLineTracker(), xcomFile: Data(content.utf8), xcomPath: "/tmp/x.json")
            Issue.record("no error for \(content)")
        } catch {
            #expect(error.message.contains("$UPDRAFT_XCOM file /tmp/x.json"))
        }
    }

    @Test("an oversize value from the file names its key")
    func oversizeFileValue() {
        let collector = XComCollector(taskId: "t", mapIndex: -1, maxInlineBytes: 8)
        #expect(throws: XComFailure.oversize(key: "blob", bytes: 12, limit: 8)) {
            _ = try collector.collect(lastLine: LastLineTracker(), xcomFile: Data(#"{"blob": "0123456789"}"#.utf8), xcomPath: "/x")
        }
    }

    @Test("branch choices from a line", arguments: [
        ("a", ["a"]), ("a,b", ["a", "b"]), (" a , , b ", ["a", "b"]), (#"["x", "y"]"#, ["x", "y"]), ("", []),
    ])
    func branchLine(line: String, ids: [String]) throws {
        #expect(try BranchChoice.parse(line: line) == ids)
    }

    @Test("malformed branch choices are errors")
    func badBranch() throws {
        #expect(throws: XComFailure.self) { try BranchChoice.parse(line: "[1, 2") }
        #expect(throws: XComFailure.self) { try BranchChoice.parse(line: "[1, 2]") }
        #expect(throws: XComFailure.self) { try BranchChoice.parse(value: .int(3)) }
        #expect(try BranchChoice.parse(value: .string("only")) == ["only"])
        #expect(try BranchChoice.parse(value: nil) == [])
    }

    @Test("stop reasons read as the task's error message")
    func stopMessages() {
        #expect(TryStopReason.timedOut(milliseconds: 3000).message(processGroup: true)
            == "execution_timeout (3s) exceeded: killed process group")
        #expect(TryStopReason.timedOut(milliseconds: 1500).message(processGroup: true)
            == "execution_timeout (1.5s) exceeded: killed process group")
        #expect(TryStopReason.cancelled("by user").message(processGroup: true) == "cancelled: by user")
    }
}

@Suite("Worker configuration")
struct WorkerConfigurationTests {
    @Test("good endpoints pass", arguments: ["tcp://127.0.0.1:7811", "tcp://host.example:1", "ipc:///tmp/x.ipc", "inproc://x"])
    func goodEndpoints(endpoint: String) throws {
        try WorkerConfiguration.checkEndpoint(endpoint)
    }

    @Test("bad endpoints are refused with a sentence naming them", arguments: [
        "127.0.0.1:7811", "tcp://127.0.0.1", "tcp://:7811", "tcp://host:99999", "tcp://host:port", "http://x:1", "inproc://",
    ])
    func badEndpoints(endpoint: String) {
        do throws(WorkerError) {
            try WorkerConfiguration.checkEndpoint(endpoint)
            Issue.record("accepted \(endpoint)")
        } catch {
            #expect(error.code == .badEndpoint)
            #expect(error.message.contains("'\(endpoint)'"))
        }
    }

    @Test("out-of-range settings are listed together")
    func badSettings() {
        var configuration = WorkerConfiguration(endpoint: "tcp://127.0.0.1:1", workerId: "", queues: [], concurrency: 0)
        configuration.maxLogChunkBytes = 0
        do throws(WorkerError) {
            try configuration.validate()
            Issue.record("accepted a bad configuration")
        } catch {
            #expect(error.code == .invalidConfiguration)
            for part in ["worker id is empty", "queues is empty", "concurrency must be between", "maxLogChunkBytes"] {
                #expect(error.message.contains(part))
            }
        }
    }

    @Test("the default worker id is hostname-pid-random")
    func defaultId() {
        let id = WorkerConfiguration.defaultWorkerId()
        #expect(id.hasPrefix("\(HostIdentity.hostname)-\(getpid())-"))
        #expect(id.split(separator: "-").last?.count == 4)
    }

    @Test("run() refuses a bad endpoint before connecting")
    func runRefusesBadEndpoint() async {
        let loop = MessageLoop(name: "bad-endpoint")
        let worker = Worker(
            configuration: WorkerConfiguration(endpoint: "tcp://nowhere"), loop: loop, swiftTasks: SwiftTaskRegistry(),
            logger: .init(label: "test"))
        do {
            try await worker.run()
            Issue.record("run() accepted endpoint tcp://nowhere")
        } catch let error as WorkerError {
            #expect(error.code == .badEndpoint)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        await loop.shutdown()
    }
}
