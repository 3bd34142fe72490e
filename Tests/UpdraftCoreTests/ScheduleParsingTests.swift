import Foundation
import Testing
@testable import UpdraftCore

@Suite("Schedule parsing")
struct ScheduleParsingTests {
    @Test("none, once and continuous", arguments: [
        (nil, Schedule.none), ("", .none), ("none", .none), ("None", .none), ("null", .none), ("  NULL ", .none),
        ("@once", .once), ("@ONCE", .once), ("@continuous", .continuous),
    ] as [(String?, Schedule)])
    func simple(_ text: String?, _ expected: Schedule) throws {
        #expect(try Schedule(parsing: text) == expected)
    }

    @Test("presets become cron but keep their name", arguments: [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@weekly", "0 0 * * 0"), ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"),
    ])
    func presets(_ preset: String, _ cronText: String) throws {
        let schedule = try Schedule(parsing: preset)
        guard case .cron(let cron) = schedule else {
            Issue.record("\(preset) parsed as \(schedule)")
            return
        }
        let plain = try CronExpression(parsing: cronText)
        #expect(cron.description == preset)
        #expect(cron.minutes == plain.minutes && cron.hours == plain.hours && cron.daysOfMonth == plain.daysOfMonth)
        #expect(cron.months == plain.months && cron.daysOfWeek == plain.daysOfWeek)
    }

    @Test("intervals", arguments: [("30m", 1800), ("1h", 3600), ("1d", 86_400), ("1h30m", 5400), ("45s", 45)] as [(String, Int64)])
    func intervals(_ text: String, _ seconds: Int64) throws {
        #expect(try Schedule(parsing: text) == .interval(TimeSpan(seconds: seconds)))
    }

    @Test("description parses back to the same schedule", arguments: [
        "none", "@once", "@continuous", "@daily", "@Weekly", "0 6 * * MON-FRI", "*/15 9-17 * * *", "30m", "1h30m", "2d",
    ])
    func roundTrip(_ text: String) throws {
        let schedule = try Schedule(parsing: text)
        #expect(try Schedule(parsing: schedule.description) == schedule)
    }

    @Test("cron text is kept as written")
    func cronDescription() throws {
        #expect(try Schedule(parsing: " 0 6 * * 1-5 ").description == "0 6 * * 1-5")
        #expect(try Schedule(parsing: "90m").description == "1h30m")
    }

    @Test("bad schedules give a clear error", arguments: [
        ("0s", ScheduleError.Code.invalidInterval, #"schedule interval "0s" must be longer than 0s"#),
        ("daily", .unrecognized,
         #"schedule "daily" is not a cron expression (5 fields), a preset (@daily...), an interval (30m, 1h, 1d) or none"#),
        ("5x", .unrecognized,
         #"schedule "5x" is not a cron expression (5 fields), a preset (@daily...), an interval (30m, 1h, 1d) or none"#),
        ("0 25 * * *", .valueOutOfRange, #"cron field 2 (hour) "25": value out of range 0-23"#),
        ("every day", .fieldCount,
         #"cron expression "every day" has 2 fields, expected 5 (minute hour day-of-month month day-of-week)"#),
    ])
    func errors(_ text: String, _ code: ScheduleError.Code, _ message: String) {
        do {
            let schedule = try Schedule(parsing: text)
            Issue.record("\(text) parsed as \(schedule)")
        } catch {
            #expect(error.code == code)
            #expect(error.message == message)
            #expect(error.description == message)
        }
    }

    @Test("unknown presets list the known ones")
    func unknownPreset() {
        #expect(throws: ScheduleError.self) { try Schedule(parsing: "@daliy") }
        do {
            _ = try Schedule(parsing: "@daliy")
        } catch {
            #expect(error.code == .unknownPreset)
            #expect(error.token == "@daliy")
            #expect(error.message.contains("@daily") && error.message.contains("@once"))
        }
    }
}

@Suite("Schedule coding")
struct ScheduleCodingTests {
    @Test("encodes as its text and decodes back", arguments: ["@daily", "0 6 * * 1-5", "30m", "none", "@once"])
    func roundTrip(_ text: String) throws {
        let schedule = try Schedule(parsing: text)
        let data = try JSONEncoder().encode([schedule])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(schedule.description)\"]")
        #expect(try JSONDecoder().decode([Schedule].self, from: data) == [schedule])
    }

    @Test("null decodes as none; bad text is a decoding error with the parse message")
    func nullAndBad() throws {
        #expect(try JSONDecoder().decode([Schedule].self, from: Data("[null]".utf8)) == [.none])
        do {
            _ = try JSONDecoder().decode([Schedule].self, from: Data(#"["0 25 * * *"]"#.utf8))
            Issue.record("bad schedule decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == #"cron field 2 (hour) "25": value out of range 0-23"#)
        }
    }
}
