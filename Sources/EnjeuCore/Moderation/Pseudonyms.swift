import Foundation

/// A departed person's handle replaced in stored text (journal details such as « @alice », « alice v2 »): whole handles
/// only, so erasing `al` leaves `@alice` alone.
public enum Pseudonyms {
    /// Characters a handle is made of (`Rules.isValidHandle`): what may not touch a match on either side.
    static func isHandleCharacter(_ c: Character) -> Bool { c == "_" || c == "-" || (c.isASCII && (c.isLetter || c.isNumber)) }

    public static func replacing(handle: String, with replacement: String, in text: String) -> String {
        guard !handle.isEmpty, text.contains(handle) else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: handle) {
            let before = r.lowerBound > rest.startIndex ? rest[rest.index(before: r.lowerBound)] : nil
            let after = r.upperBound < rest.endIndex ? rest[r.upperBound] : nil
            let whole = !(before.map(isHandleCharacter) ?? false) && !(after.map(isHandleCharacter) ?? false)
            out += rest[..<r.lowerBound]
            out += whole ? replacement : handle
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
