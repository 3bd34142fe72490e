import Testing
import UpdraftProtocol

@Suite("Event bus topic frame")
struct EventTopicTests {
    @Test("the topic is the DAG id's UTF-8 bytes then 0x1F")
    func layout() {
        #expect(EventTopic.frame(dagID: "etl") == [0x65, 0x74, 0x6C, 0x1F])
        #expect(EventTopic.allDags.isEmpty)
    }

    @Test("subscribing to one DAG does not match a DAG whose id extends it", arguments: [
        ("etl", "etl_daily"), ("etl", "etl"), ("a", "a.b"), ("x-1", "x-10"),
    ])
    func prefixMatching(subscribed: String, published: String) {
        let matches = EventTopic.frame(dagID: published).starts(with: EventTopic.frame(dagID: subscribed))
        #expect(matches == (subscribed == published))
        #expect(EventTopic.frame(dagID: published).starts(with: EventTopic.allDags))
    }

    @Test("the DAG id is read back from a topic frame")
    func parse() {
        #expect(EventTopic.dagID(fromFrame: EventTopic.frame(dagID: "etl_daily")) == "etl_daily")
        #expect(EventTopic.dagID(fromFrame: Array("etl".utf8)) == nil)
        #expect(EventTopic.dagID(fromFrame: [0x1F]) == nil)
        #expect(EventTopic.dagID(fromFrame: [0x61, 0x1F, 0x62, 0x1F]) == nil)
        #expect(EventTopic.dagID(fromFrame: [0xC3, 0x28, 0x1F]) == nil)
    }
}
