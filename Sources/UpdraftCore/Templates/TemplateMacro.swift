/// The Airflow macros and datetime methods templates may call, each rendered through an
/// internal filter (see `ExpressionRewriter.rewriteMacro`).
///
/// - `macros.ds_add(ds, days)`: `YYYY-MM-DD` moved by `days` (negative goes back).
/// - `macros.ds_format(ds, input_format, output_format)`: re-formats a date string.
/// - `<date>.strftime(format)`: formats a date (`logical_date.strftime('%Y/%m/%d')`).
/// - `<date>.isoformat()`: the same as the `ts` filter.
/// - `<dict>.get(key)` / `<dict>.get(key, default)`: `dag_run.conf.get('day', ds)`,
///   `var.value.get('my.var', 'fallback')`; becomes `<dict>[key]|default:default`.
enum TemplateMacro {
    case dsAdd
    case dsFormat
    case strftime(object: String)
    case isoformat(object: String)
    case get(object: String)

    init?(_ name: String) {
        switch name {
        case "macros.ds_add": self = .dsAdd
        case "macros.ds_format": self = .dsFormat
        case _ where name.hasSuffix(".strftime") && name.count > 9:
            self = .strftime(object: String(name.dropLast(9)))
        case _ where name.hasSuffix(".isoformat") && name.count > 10:
            self = .isoformat(object: String(name.dropLast(10)))
        case _ where name.hasSuffix(".get") && name.count > 4:
            self = .get(object: String(name.dropLast(4)))
        default: return nil
        }
    }

    /// The object a method is called on, nil for the `macros.*` functions.
    var object: String? {
        switch self {
        case .strftime(let object), .isoformat(let object), .get(let object): object
        case .dsAdd, .dsFormat: nil
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .dsAdd: 2...2
        case .dsFormat: 3...3
        case .strftime: 1...1
        case .isoformat: 0...0
        case .get: 1...2
        }
    }

    var signature: String {
        switch self {
        case .dsAdd: "2 arguments (ds, days)"
        case .dsFormat: "3 arguments (ds, input_format, output_format)"
        case .strftime: "1 argument (format)"
        case .isoformat: "no arguments"
        case .get: "1 or 2 arguments (key, default)"
        }
    }

    /// The internal filter that computes it.
    var filter: String {
        switch self {
        case .dsAdd: "__ds_add"
        case .dsFormat: "__ds_format"
        case .strftime: "__strftime"
        case .isoformat: "ts"
        case .get: "default"
        }
    }
}
