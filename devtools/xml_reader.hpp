// A strict reader for small XML documents such as TwiML replies: it checks
// that a document is well-formed XML 1.0 (DTDs aside), as Twilio's parser
// would before reading the TwiML, and builds its element tree.
// No I/O; the input is the caller's buffer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms::devtools {

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes; // in document order, references decoded
    std::string text; // the element's own character data (not its children's), references decoded
    std::vector<XmlElement> children;

    // The attribute's value, or nullptr.
    const std::string* attribute(std::string_view attribute_name) const;
};

struct XmlReading {
    std::optional<XmlElement> root; // set when the document is well-formed
    std::string error;              // otherwise "line L, column C: what is wrong"
};

// Deeper nesting is reported as an error instead of recursing further.
constexpr std::size_t kMaxXmlDepth = 64;

XmlReading read_xml(std::string_view document);

} // namespace sms::devtools
