import ArgumentParser
import Foundation
import UpdraftBench

/// `updraft bench wire`: ZeroMQ throughput and round trip, raw vs Updraft's full path.
struct BenchWire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Measure messaging: raw libzmq vs Updraft's bridge (throughput, round-trip p50/p99).",
        discussion: """
            Sends ~100-byte heartbeat messages ([8-byte header][protobuf body]) through raw \
            libzmq PUSH/PULL inproc (C API, same frames), then through Updraft's full path \
            (encode, loop bridge, batched inbox, decode) over inproc:// and tcp://127.0.0.1, \
            and measures actor-to-actor round trips. Build with -c release; takes well under a minute.
            """
    )

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .long, help: "Messages per throughput round (1000...10000000).")
    var messages = 500_000

    @Option(name: .long, help: "Rounds per measurement; medians are reported (1...9).")
    var rounds = 5

    func validate() throws {
        guard (1000...10_000_000).contains(messages) else {
            throw ValidationError("--messages must be between 1000 and 10000000, got \(messages)")
        }
        guard (1...9).contains(rounds) else {
            throw ValidationError("--rounds must be between 1 and 9, got \(rounds)")
        }
    }

    func run() async throws {
        let report = try await WireBenchmark.run(messages: messages, rounds: rounds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}
