import Stencil

/// The filters templates may use: Stencil's own, the Jinja names Airflow users expect, and
/// Airflow's date filters.
///
/// Stencil: `default`, `capitalize`, `uppercase`, `lowercase`, `join`, `split`, `indent`,
/// `filter`. Added: `upper`, `lower`, `trim`, `length`, `replace(old, new)`, `tojson`, and
/// Airflow's `ds`, `ds_nodash`, `ts`, `ts_nodash`, `ts_nodash_with_tz` (on dates).
enum TemplateFilters {
    /// Internal filter appended to every `{{ }}` expression: gives the final text of a value
    /// (lists and dictionaries as JSON, dates like Python).
    static let render = "__render"

    static let stencilNames: Set<String> = [
        "default", "capitalize", "uppercase", "lowercase", "join", "split", "indent", "filter",
    ]
    static let addedNames: Set<String> = [
        "upper", "lower", "trim", "length", "replace", "tojson",
        "ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz",
    ]
    /// Every filter name a template may use.
    static let names = stencilNames.union(addedNames)

    /// `unknown filter 'uper' (did you mean 'upper'?)`.
    static func unknownMessage(for name: String) -> String {
        var closest: (name: String, distance: Int)?
        for candidate in names.sorted() {
            let distance = editDistance(candidate, name)
            if distance <= max(1, name.count / 3), distance < (closest?.distance ?? Int.max) {
                closest = (candidate, distance)
            }
        }
        guard let closest else { return "unknown filter '\(name)'" }
        return "unknown filter '\(name)' (did you mean '\(closest.name)'?)"
    }

    /// Levenshtein distance, for suggestions.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left), right = Array(right)
        var previous = Array(0...right.count)
        for (i, l) in left.enumerated() {
            var current = [i + 1]
            for (j, r) in right.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (l == r ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }
}

/// Registers the filters Updraft adds to Stencil's.
final class UpdraftStencilExtension: Extension {
    override init() {
        super.init()
        registerFilter(TemplateFilters.render) { value in TemplateValue.text(value) }
        registerFilter("upper") { value in TemplateValue.text(value).uppercased() }
        registerFilter("lower") { value in TemplateValue.text(value).lowercased() }
        registerFilter("trim") { value in TemplateValue.text(value).trimmingCharacters(in: .whitespacesAndNewlines) }
        registerFilter("tojson") { value in TemplateValue.json(value) }
        registerFilter("length") { value in
            switch value {
            case let string as String: string.count
            case let items as [Any?]: items.count
            case let members as [String: Any]: members.count
            case nil: 0
            default: TemplateValue.text(value).count
            }
        }
        registerFilter("replace") { (value: Any?, arguments: [Any?]) throws -> Any? in
            guard arguments.count == 2, let old = arguments[0] as? String, let new = arguments[1] as? String else {
                throw TemplateSyntaxError("filter 'replace' takes two strings: replace('old', 'new')")
            }
            return TemplateValue.text(value).replacingOccurrences(of: old, with: new)
        }
        registerMacroFilters()
        registerDateFilter("ds", \.ds)
        registerDateFilter("ds_nodash", \.dsNodash)
        registerDateFilter("ts", \.ts)
        registerDateFilter("ts_nodash", \.tsNodash)
        registerDateFilter("ts_nodash_with_tz", \.tsNodashWithTz)
    }

    private func registerMacroFilters() {
        registerFilter("__ds_add") { (value: Any?, arguments: [Any?]) throws -> Any? in
            guard let date = Self.date(from: value, format: "%Y-%m-%d"), arguments.count == 1,
                  let days = arguments[0] as? Int else {
                throw TemplateSyntaxError("macros.ds_add needs a 'YYYY-MM-DD' date and a whole number of days")
            }
            return date.adding(days: days).ds
        }
        registerFilter("__ds_format") { (value: Any?, arguments: [Any?]) throws -> Any? in
            guard arguments.count == 2, let input = arguments[0] as? String, let output = arguments[1] as? String,
                  let date = Self.date(from: value, format: input) else {
                throw TemplateSyntaxError("macros.ds_format could not read '\(TemplateValue.text(value))' with its input format")
            }
            return date.strftime(output)
        }
        registerFilter("__strftime") { (value: Any?, arguments: [Any?]) throws -> Any? in
            guard let date = value as? TemplateDate, arguments.count == 1, let format = arguments[0] as? String else {
                throw TemplateSyntaxError("strftime needs a date such as logical_date and a format string")
            }
            return date.strftime(format)
        }
    }

    private static func date(from value: Any?, format: String) -> TemplateDate? {
        if let date = value as? TemplateDate { return date }
        guard let text = value as? String else { return nil }
        return TemplateDate.parse(text, format: format)
    }

    private func registerDateFilter(_ name: String, _ format: @escaping (TemplateDate) -> String) {
        registerFilter(name) { value in
            guard let date = value as? TemplateDate else {
                throw TemplateSyntaxError("filter '\(name)' needs a date such as logical_date")
            }
            return format(date)
        }
    }
}
