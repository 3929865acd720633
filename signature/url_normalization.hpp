// twilio-node's second chance for a signature: when the URL as received does
// not match, it retries with the URL as a WHATWG URL parser serialises it, and
// with its query re-encoded by Node's legacy querystring module. Only the
// http(s) subset a webhook URL can take is implemented; anything else is
// reported as not normalisable, and the signature is rejected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sms {

// new URL(url).toString() for absolute http/https URLs with ASCII hosts:
// lower-cased scheme and host, default port dropped, empty path as "/", dot
// segments resolved, bytes outside the path/query sets percent-encoded.
std::optional<std::string> normalize_url(std::string_view url);

// The URL with its query replaced by querystring.stringify(querystring.parse(query)).
std::string with_legacy_querystring(std::string_view url);

} // namespace sms
