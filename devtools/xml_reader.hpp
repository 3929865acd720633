// Reads small XML documents such as TwiML replies with libxml2's strict parser:
// it checks that a document is well-formed XML 1.0 (no DTDs), as Twilio's
// parser would before reading the TwiML, and builds its element tree.
// libxml2 is loaded at run time (dlopen) by the first read_xml call: nothing
// links it, so the server, whose binary carries the devtools, never loads it.
// No I/O besides that; the input is the caller's buffer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms::devtools {

struct XmlElement {
    std::string name; // as written: "prefix:name" when it has a namespace prefix
    std::vector<std::pair<std::string, std::string>> attributes; // in document order, references decoded; no xmlns
    std::string text; // the element's own character data (not its children's), references decoded
    std::vector<XmlElement> children;

    // The attribute's value, or nullptr.
    const std::string* attribute(std::string_view attribute_name) const;
};

struct XmlReading {
    std::optional<XmlElement> root; // set when the document is well-formed
    std::string error;              // otherwise "line L, column C: what is wrong" (libxml2's words)
    bool library_missing = false;   // libxml2 cannot be loaded (error says why): nothing was read
};

// Deeper nesting is reported as an error (at the element's line, column 1).
constexpr std::size_t kMaxXmlDepth = 64;

// Loads libxml2 once per process (later calls share it); documents over
// INT_MAX bytes are refused.
XmlReading read_xml(std::string_view document);

} // namespace sms::devtools
