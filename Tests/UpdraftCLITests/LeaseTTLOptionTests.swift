import Foundation
import Testing
@testable import UpdraftCLI

@Suite("--lease-ttl on updraft scheduler and standalone")
struct LeaseTTLOptionTests {
    @Test("a term of 0.5-60 s reaches the runtime options; the default stays 2.5 s")
    func applied() throws {
        let io = CapturedIO()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-lease-ttl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let scheduler = try parse(["scheduler", "--home", home, "--lease-ttl", "10"], as: SchedulerCommand.self)
        #expect(try scheduler.options(io: io.io, codeDags: []).leaseTTL == .seconds(10))
        let standalone = try parse(["standalone", "--home", home, "--lease-ttl", "0.5"], as: StandaloneCommand.self)
        #expect(try standalone.options(io: io.io, codeDags: []).leaseTTL == .milliseconds(500))
        let plain = try parse(["scheduler", "--home", home], as: SchedulerCommand.self)
        #expect(try plain.options(io: io.io, codeDags: []).leaseTTL == .milliseconds(2500))
    }

    @Test("out of range or not a number: refused, naming the flag")
    func refused() {
        for bad in ["0", "0.1", "61", "-3", "nan", "soon"] {
            #expect(throws: (any Error).self, "--lease-ttl \(bad)") {
                _ = try parse(["scheduler", "--lease-ttl", bad], as: SchedulerCommand.self)
            }
        }
        do {
            _ = try parse(["scheduler", "--lease-ttl", "61"], as: SchedulerCommand.self)
        } catch {
            #expect("\(error)".contains("--lease-ttl must be between 0.5 and 60"), "\(error)")
        }
    }
}
