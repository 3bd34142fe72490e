import Foundation
import Testing
import UpdraftProtocol

/// The registry, the schema's message names, PROTOCOL.md and the golden check scripts agree.
@Suite("Spec consistency")
struct SpecConsistencyTests {
    static let protocols = GoldenFiles.directory.deletingLastPathComponent()

    static func pascalCase(_ snake: String) -> String {
        snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    @Test("the protobuf message is updraft.v1.<PascalCase name>", arguments: MessageKind.allCases)
    func protoNames(kind: MessageKind) {
        #expect(kind.payloadType.protoMessageName == "updraft.v1." + Self.pascalCase(kind.name))
    }

    /// Pairs (code, name) found by `pattern` (two capture groups, either order by `codeFirst`).
    static func pairs(in file: String, _ pattern: String, codeFirst: Bool) throws -> [UInt16: String] {
        let text = try String(contentsOf: protocols.appendingPathComponent(file), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        var table: [UInt16: String] = [:]
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let first = String(text[Range(match.range(at: 1), in: text)!])
            let second = String(text[Range(match.range(at: 2), in: text)!])
            let (code, name) = codeFirst ? (first, second) : (second, first)
            table[UInt16(code)!] = name
        }
        return table
    }

    static var registry: [UInt16: String] {
        Dictionary(uniqueKeysWithValues: MessageKind.allCases.map { ($0.rawValue, $0.name) })
    }

    @Test("PROTOCOL.md's type-code table matches the registry")
    func specTable() throws {
        let table = try Self.pairs(in: "PROTOCOL.md", #"^\| *(\d+) \| `([a-z_]+)` \|"#, codeFirst: true)
        #expect(table == Self.registry)
    }

    @Test("check-golden.sh's code table matches the registry")
    func shellTable() throws {
        let table = try Self.pairs(in: "check-golden.sh", #"\[([a-z_]+)\]=(\d+)"#, codeFirst: false)
        #expect(table == Self.registry)
    }

    @Test("check_golden.py's code table matches the registry")
    func pythonTable() throws {
        let table = try Self.pairs(in: "check_golden.py", #""([a-z_]+)": (\d+)"#, codeFirst: false)
        #expect(table == Self.registry)
    }
}
