// HKDF-SHA256 (RFC 5869) through OpenSSL: independent keys from one secret.
#pragma once

#include <cstddef>
#include <string_view>

namespace sms {

// Fills `out` (out_len bytes) with HKDF-SHA256 of `secret` for the label
// `info`, without a salt; throws std::runtime_error when OpenSSL cannot.
void hkdf_sha256(std::string_view secret, std::string_view info, unsigned char* out, std::size_t out_len);

} // namespace sms
