import Testing
import UpdraftCore

@Suite("TemplateError")
struct TemplateErrorTests {
    @Test func descriptionNamesTaskFieldAndPosition() {
        let error = TemplateError(
            code: .unknownFilter, message: "unknown filter 'uper'",
            taskId: "report", field: "bash", line: 1, column: 14)
        #expect(error.description == "task 'report' field 'bash' 1:14: unknown filter 'uper'")
    }

    @Test func descriptionLeavesOutUnknownLocation() {
        let error = TemplateError(
            code: .unclosedTag, message: "'{{' is not closed",
            taskId: "", field: "", line: 2, column: 3)
        #expect(error.description == "2:3: '{{' is not closed")
    }
}
