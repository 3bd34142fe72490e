import UpdraftCore

/// The input as the text of `--conf` (and of pools JSON files). Properties:
/// - `ConfJSONParser` only ever throws its `SyntaxError` (typed throws), with a line and
///   column of at least 1;
/// - `parseObject` accepts exactly the texts `parse` reads as an object, with equal values;
/// - a value written back as JSON (`JSONText`, the writer of the wire and the store) parses
///   to the same value: nothing the parser accepts is lost or changed on the way.
enum ConfJSONFuzz {
    static func check(_ text: String) {
        let value = Result { () throws(ConfJSONParser.SyntaxError) in try ConfJSONParser.parse(text) }
        let object = Result { () throws(ConfJSONParser.SyntaxError) in try ConfJSONParser.parseObject(text) }
        for case .failure(let error) in [value.map { _ in () }, object.map { _ in () }] {
            FuzzCheck.require(error.line >= 1 && error.column >= 1, "\(text.debugDescription): \(error)")
        }
        switch (value, object) {
        case (.success(.object(let a)), .success(let b)):
            FuzzCheck.require(a == b, "\(text.debugDescription): parse and parseObject differ")
        case (.success(.object), .failure(let error)):
            FuzzCheck.require(false, "\(text.debugDescription): parse read an object, parseObject threw \(error)")
        case (.success, .success), (.failure, .success):
            FuzzCheck.require(false, "\(text.debugDescription): parseObject accepted what parse did not read as an object")
        default: break
        }
        guard case .success(let parsed) = value else { return }
        var written = ""
        JSONText.write(parsed, to: &written)
        let back = Result { () throws(ConfJSONParser.SyntaxError) in try ConfJSONParser.parse(written) }
        FuzzCheck.require((try? back.get()) == parsed, "\(text.debugDescription) -> \(written.debugDescription) -> \(back)")
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func confFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ConfJSONFuzz.check(FuzzCheck.text(data, size))
    return 0
}
