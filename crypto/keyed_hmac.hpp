// An HMAC keyed once at start-up and reused for every request: OpenSSL 3
// fetches the algorithm and sets the key only here. Each thread signs with
// its own copy of the keyed context, so threads never share mutable state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

struct evp_mac_ctx_st;

namespace sms {

class KeyedHmac {
public:
    // digest: an OpenSSL digest name such as "SHA256" or "SHA1".
    KeyedHmac(const char* digest, std::string_view key);

    // The tag over the concatenation of `parts`, written to `out` (which must
    // hold size() bytes).
    void sign(std::initializer_list<std::string_view> parts, unsigned char* out) const;
    std::size_t size() const { return size_; }

private:
    std::shared_ptr<evp_mac_ctx_st> keyed_; // copied per thread, never used directly
    std::uint64_t id_ = 0;                  // tells this key's copies apart in each thread
    std::size_t size_ = 0;
};

} // namespace sms
