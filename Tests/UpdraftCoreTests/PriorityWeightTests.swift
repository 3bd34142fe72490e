import Testing
import UpdraftCore

@Suite("Effective priority weights (weight_rule)")
struct PriorityWeightTests {
    /// a -> b, a -> c, b -> d, c -> d with weights 1, 2, 3, 4.
    static func diamond(_ rule: WeightRule) -> Dag {
        func task(_ id: String, _ weight: Int, _ up: [String]) -> TaskSpec {
            var o = TaskDefaults()
            o.priorityWeight = weight
            o.weightRule = rule
            return TaskSpec(taskId: id, kind: .empty, upstreamIds: up, options: o)
        }
        return Dag(dagId: "diamond", tasks: [task("a", 1, []), task("b", 2, ["a"]), task("c", 3, ["a"]), task("d", 4, ["b", "c"])])
    }

    static func chain(_ rule: WeightRule, length: Int) -> Dag {
        var o = TaskDefaults()
        o.weightRule = rule
        let tasks = (0..<length).map { i in
            TaskSpec(taskId: "t\(i)", kind: .empty, upstreamIds: i == 0 ? [] : ["t\(i - 1)"], options: o)
        }
        return Dag(dagId: "chain", tasks: tasks)
    }

    @Test("diamond: downstream counts the join once")
    func diamondDownstream() {
        #expect(Self.diamond(.downstream).effectivePriorityWeights() == ["a": 10, "b": 6, "c": 7, "d": 4])
    }

    @Test("diamond: upstream")
    func diamondUpstream() {
        #expect(Self.diamond(.upstream).effectivePriorityWeights() == ["a": 1, "b": 3, "c": 4, "d": 10])
    }

    @Test("diamond: absolute")
    func diamondAbsolute() {
        #expect(Self.diamond(.absolute).effectivePriorityWeights() == ["a": 1, "b": 2, "c": 3, "d": 4])
    }

    @Test("chain of 5 with weight 1 each", arguments: [WeightRule.downstream, .upstream, .absolute])
    func chain(_ rule: WeightRule) {
        let weights = Self.chain(rule, length: 5).effectivePriorityWeights()
        let expected: [Int] = switch rule {
        case .downstream: [5, 4, 3, 2, 1]
        case .upstream: [1, 2, 3, 4, 5]
        case .absolute: [1, 1, 1, 1, 1]
        }
        #expect((0..<5).map { weights["t\($0)"]! } == expected)
    }

    @Test("a long chain is computed past 64 tasks (bit-set word boundary)")
    func longChain() {
        let weights = Self.chain(.downstream, length: 130).effectivePriorityWeights()
        #expect(weights["t0"] == 130)
        #expect(weights["t64"] == 66)
        #expect(weights["t129"] == 1)
    }

    @Test("each task uses its own rule; results clamp to 32 bits")
    func mixedAndClamped() {
        var big = TaskDefaults()
        big.priorityWeight = Int(Int32.max)
        var up = TaskDefaults()
        up.weightRule = .upstream
        let dag = Dag(dagId: "mixed", tasks: [
            TaskSpec(taskId: "root", kind: .empty, options: TaskDefaults()),
            TaskSpec(taskId: "huge", kind: .empty, upstreamIds: ["root"], options: big),
            TaskSpec(taskId: "leaf", kind: .empty, upstreamIds: ["huge"], options: up),
        ])
        let w = dag.effectivePriorityWeights()
        #expect(w["root"] == Int(Int32.max))
        #expect(w["leaf"] == Int(Int32.max))
        #expect(w["huge"] == Int(Int32.max))
    }
}
