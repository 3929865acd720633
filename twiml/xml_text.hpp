// Writing arbitrary bytes as XML 1.0 character data or attribute values.
// Escaping matches the twilio npm package's output byte for byte; where that
// library would throw or emit broken XML, characters XML 1.0 forbids are
// dropped and ill-formed UTF-8 is repaired (text/utf8.hpp), so the output is
// always well-formed.
#pragma once

#include <string>
#include <string_view>

namespace sms::twiml {

// Escapes &, <, > and CR (as &#xD;).
void append_text(std::string& out, std::string_view text);

// Escapes &, <, ", TAB, LF and CR (as &#x9; &#xA; &#xD;).
void append_attribute_value(std::string& out, std::string_view value);

} // namespace sms::twiml
