// What a session remembers of the last message it answered: its MessageSid
// in 17 bytes, whatever the client sent, so that no request can make a
// session larger than the conversation's own data.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sms {

struct MessageId {
    enum Kind : std::uint8_t {
        none = 0,   // no MessageSid (a GET, a test request): never a duplicate
        sms = 1,    // "SM" + 32 lowercase hex digits, the digits as 16 bytes
        mms = 2,    // "MM" + 32 lowercase hex digits, the same
        digest = 3, // anything else: the first 16 bytes of its SHA-256
    };
    static constexpr std::size_t kBytes = 16;

    Kind kind = none;
    std::array<std::uint8_t, kBytes> bytes{};

    bool operator==(const MessageId&) const = default;
};

// Equal ids for equal MessageSids, and (short of a SHA-256 collision in its
// first 128 bits) different ids for different ones.
MessageId message_id(std::string_view message_sid);

} // namespace sms
