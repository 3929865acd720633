// Unpadded base64url (RFC 4648 section 5) on top of OpenSSL's base64 codec.
// Its alphabet is made of RFC 6265 cookie-octets only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sms {

std::string base64url_encode(std::string_view bytes);

// Strict: only the url-safe alphabet, no padding, no non-zero trailing bits,
// so that every byte string has exactly one accepted encoding.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace sms
