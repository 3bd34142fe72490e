import Testing
@testable import UpdraftCore

@Suite("Cron parsing")
struct ScheduleCronParsingTests {
    struct FieldCase: Sendable, CustomTestStringConvertible {
        let expr: String
        let field: CronFieldKind
        let values: [Int]
        var testDescription: String { "\(expr) → \(field.name)" }
    }

    static let fieldCases: [FieldCase] = [
        .init(expr: "* * * * *", field: .minute, values: Array(0...59)),
        .init(expr: "5 * * * *", field: .minute, values: [5]),
        .init(expr: "1,5,59 * * * *", field: .minute, values: [1, 5, 59]),
        .init(expr: "10-14 * * * *", field: .minute, values: [10, 11, 12, 13, 14]),
        .init(expr: "*/15 * * * *", field: .minute, values: [0, 15, 30, 45]),
        .init(expr: "10-50/10 * * * *", field: .minute, values: [10, 20, 30, 40, 50]),
        .init(expr: "50/5 * * * *", field: .minute, values: [50, 55]),
        .init(expr: "0,30-32,*/20 * * * *", field: .minute, values: [0, 20, 30, 31, 32, 40]),
        .init(expr: "0 */6 * * *", field: .hour, values: [0, 6, 12, 18]),
        .init(expr: "0 23 * * *", field: .hour, values: [23]),
        .init(expr: "0 0 1,15,31 * *", field: .dayOfMonth, values: [1, 15, 31]),
        .init(expr: "0 0 */10 * *", field: .dayOfMonth, values: [1, 11, 21, 31]),
        .init(expr: "0 0 * JAN,jul,Dec *", field: .month, values: [1, 7, 12]),
        .init(expr: "0 0 * FEB-apr *", field: .month, values: [2, 3, 4]),
        .init(expr: "0 0 * */3 *", field: .month, values: [1, 4, 7, 10]),
        .init(expr: "0 0 * * MON-FRI", field: .dayOfWeek, values: [1, 2, 3, 4, 5]),
        .init(expr: "0 0 * * sun,Sat", field: .dayOfWeek, values: [0, 6]),
        .init(expr: "0 0 * * 7", field: .dayOfWeek, values: [0]),
        .init(expr: "0 0 * * 0", field: .dayOfWeek, values: [0]),
        .init(expr: "0 0 * * 5-7", field: .dayOfWeek, values: [0, 5, 6]),
        .init(expr: "0 0 * * *", field: .dayOfWeek, values: [0, 1, 2, 3, 4, 5, 6]),
        .init(expr: "0 0 * * */2", field: .dayOfWeek, values: [0, 2, 4, 6]),
    ]

    @Test("each field form expands to the right values", arguments: fieldCases)
    func fieldValues(_ c: FieldCase) throws {
        let cron = try CronExpression(parsing: c.expr)
        let set: CronValueSet = switch c.field {
        case .minute: cron.minutes
        case .hour: cron.hours
        case .dayOfMonth: cron.daysOfMonth
        case .month: cron.months
        case .dayOfWeek: cron.daysOfWeek
        }
        #expect(set.values == c.values)
    }

    @Test("text is kept as written (trimmed) and presets expand")
    func textAndPresets() throws {
        let cron = try CronExpression(parsing: "  0 6 * * 1-5 ")
        #expect(cron.text == "0 6 * * 1-5")
        #expect(cron.description == "0 6 * * 1-5")
        let weekly = try CronExpression(parsing: "@WEEKLY")
        #expect(weekly.daysOfWeek.values == [0])
        #expect(weekly.hours.values == [0] && weekly.minutes.values == [0])
        #expect(try CronExpression(parsing: "0\t0  * * *").hours.values == [0])
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let expr: String
        let code: ScheduleError.Code
        let field: Int?
        let token: String?
        let message: String
        var testDescription: String { expr }
    }

    static let errorCases: [ErrorCase] = [
        .init(expr: "0 25 * * *", code: .valueOutOfRange, field: 2, token: "25",
              message: #"cron field 2 (hour) "25": value out of range 0-23"#),
        .init(expr: "60 * * * *", code: .valueOutOfRange, field: 1, token: "60",
              message: #"cron field 1 (minute) "60": value out of range 0-59"#),
        .init(expr: "0 0 0 * *", code: .valueOutOfRange, field: 3, token: "0",
              message: #"cron field 3 (day-of-month) "0": value out of range 1-31"#),
        .init(expr: "0 0 * 13 *", code: .valueOutOfRange, field: 4, token: "13",
              message: #"cron field 4 (month) "13": value out of range 1-12"#),
        .init(expr: "0 0 * * 8", code: .valueOutOfRange, field: 5, token: "8",
              message: #"cron field 5 (day-of-week) "8": value out of range 0-7"#),
        .init(expr: "1-99 * * * *", code: .valueOutOfRange, field: 1, token: "1-99",
              message: #"cron field 1 (minute) "1-99": value 99 out of range 0-59"#),
        .init(expr: "5-1 * * * *", code: .invalidRange, field: 1, token: "5-1",
              message: #"cron field 1 (minute) "5-1": range start 5 is greater than end 1"#),
        .init(expr: "*/0 * * * *", code: .invalidStep, field: 1, token: "*/0",
              message: #"cron field 1 (minute) "*/0": step must be a whole number >= 1"#),
        .init(expr: "0 */x * * *", code: .invalidStep, field: 2, token: "*/x",
              message: #"cron field 2 (hour) "*/x": step must be a whole number >= 1"#),
        .init(expr: "0 1/2/3 * * *", code: .invalidStep, field: 2, token: "1/2/3",
              message: #"cron field 2 (hour) "1/2/3": more than one '/'"#),
        .init(expr: "abc * * * *", code: .invalidToken, field: 1, token: "abc",
              message: #"cron field 1 (minute) "abc": "abc" is not a number"#),
        .init(expr: "0 0 * FOO *", code: .invalidToken, field: 4, token: "FOO",
              message: #"cron field 4 (month) "FOO": "FOO" is not a number or a name"#),
        .init(expr: "1,,2 * * * *", code: .invalidToken, field: 1, token: "1,,2",
              message: #"cron field 1 (minute) "1,,2": empty item in list"#),
        .init(expr: "0 0 L * *", code: .unsupportedSyntax, field: 3, token: "L",
              message: #"cron field 3 (day-of-month) "L": 'L' is not supported (no L, W, # or ? in Updraft cron)"#),
        .init(expr: "0 0 15W * *", code: .unsupportedSyntax, field: 3, token: "15W",
              message: #"cron field 3 (day-of-month) "15W": 'W' is not supported (no L, W, # or ? in Updraft cron)"#),
        .init(expr: "0 0 * * MON#2", code: .unsupportedSyntax, field: 5, token: "MON#2",
              message: #"cron field 5 (day-of-week) "MON#2": '#' is not supported (no L, W, # or ? in Updraft cron)"#),
        .init(expr: "0 0 ? * 1", code: .unsupportedSyntax, field: 3, token: "?",
              message: #"cron field 3 (day-of-month) "?": '?' is not supported (no L, W, # or ? in Updraft cron)"#),
        .init(expr: "0 0 * * 5L", code: .unsupportedSyntax, field: 5, token: "5L",
              message: #"cron field 5 (day-of-week) "5L": 'L' is not supported (no L, W, # or ? in Updraft cron)"#),
        .init(expr: "0 6 * *", code: .fieldCount, field: nil, token: "0 6 * *",
              message: #"cron expression "0 6 * *" has 4 fields, expected 5 (minute hour day-of-month month day-of-week)"#),
        .init(expr: "0 0 6 * * *", code: .fieldCount, field: nil, token: "0 0 6 * * *",
              message: #"cron expression "0 0 6 * * *" has 6 fields, expected 5 (minute hour day-of-month month day-of-week)"#),
        .init(expr: "0 0 30 2 *", code: .neverFires, field: 3, token: "30",
              message: #"cron expression "0 0 30 2 *" never fires: none of its months has day-of-month 30"#),
        .init(expr: "0 0 31 4,6,9,11 *", code: .neverFires, field: 3, token: "31",
              message: #"cron expression "0 0 31 4,6,9,11 *" never fires: none of its months has day-of-month 31"#),
        .init(expr: "@fortnightly", code: .unknownPreset, field: nil, token: "@fortnightly",
              message: #"unknown schedule preset "@fortnightly" (known: @annually @daily @hourly @midnight @monthly @weekly @yearly @once @continuous)"#),
    ]

    @Test("bad expressions name the field, the token and the reason", arguments: errorCases)
    func errors(_ c: ErrorCase) {
        #expect(throws: ScheduleError(code: c.code, message: c.message, field: c.field, token: c.token)) {
            _ = try CronExpression(parsing: c.expr)
        }
    }
}
