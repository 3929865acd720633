// Base64: standard with padding (RFC 4648 section 4), as Twilio signatures
// use, and unpadded base64url (section 5), whose alphabet is made of RFC 6265
// cookie-octets only, for the session cookie.
#pragma once

#include <cstddef>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sms::text {

std::string base64_encode(const unsigned char* bytes, std::size_t length);

std::string base64url_encode(std::string_view bytes);
// The same, appended to `out` (no string of its own).
void base64url_append(std::string& out, std::string_view bytes);

// Strict: only the url-safe alphabet, no padding, no non-zero trailing bits,
// so that every byte string has exactly one accepted encoding.
std::optional<std::string> base64url_decode(std::string_view text);
// The same, into `out` (replacing what it held, reusing its capacity); false
// (and `out` unspecified) when `text` is not canonical base64url.
bool base64url_decode_into(std::string_view text, std::string& out);
// The same rules, for text that must decode to exactly out.size() bytes;
// false (and `out` unspecified) otherwise.
bool base64url_decode_exact(std::string_view text, std::span<unsigned char> out);

} // namespace sms::text
