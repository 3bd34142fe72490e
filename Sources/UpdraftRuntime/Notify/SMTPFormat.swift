import Foundation

/// The text of an email as SMTP's DATA carries it (RFC 5322): headers without line breaks
/// from values, a non-ASCII subject as an RFC 2047 encoded word, a non-ASCII body in
/// base64, CRLF line ends, dot-stuffing. Pure.
enum SMTPFormat {
    /// This host's name for EHLO.
    static var localName: String {
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty || name.contains(" ") ? "localhost" : name
    }

    /// `address` without angle brackets, spaces or line breaks.
    static func address(_ address: String) -> String {
        String(address.filter { !"<>\r\n \t".contains($0) })
    }

    /// A header value on one line.
    static func headerValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// The message text, before the terminating `CRLF.CRLF`.
    static func data(_ m: SMTPMessage, date: Date) -> String {
        let subject = headerValue(m.subject)
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject
            : "=?utf-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let ascii = m.body.allSatisfy(\.isASCII)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = [
            "From: \(address(m.from))",
            "To: \(m.to.map(address).joined(separator: ", "))",
            "Subject: \(encodedSubject)",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(localName)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: \(ascii ? "7bit" : "base64")",
            "X-Mailer: updraft",
            "",
        ]
        if ascii {
            let normalized = m.body.replacingOccurrences(of: "\r\n", with: "\n")
            for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(line.hasPrefix(".") ? "." + line : String(line))
            }
        } else {
            let encoded = Data(m.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            lines.append(contentsOf: encoded.components(separatedBy: "\r\n"))
        }
        return lines.joined(separator: "\r\n")
    }
}
