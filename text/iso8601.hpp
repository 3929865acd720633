// ISO 8601 dates and times, in the forms liquidjs's date filter and Studio
// flows write them. The zone is UTC unless the text names another.
#pragma once

#include <optional>
#include <string_view>

namespace sms::text {

// Milliseconds since the Unix epoch of YYYY-MM-DD, optionally followed by
// T or a space and HH:MM[:SS[.sss]] with Z or ±HH:MM; nullopt for anything else.
std::optional<double> parse_iso8601_milliseconds(std::string_view text);

} // namespace sms::text
