#include "session/message_id.hpp"

#include <algorithm>

#include "crypto/sha256.hpp"
#include "text/ascii.hpp"

namespace sms {

namespace {

constexpr std::size_t kSidLength = 2 + 2 * MessageId::kBytes;

int lower_hex_value(char c) { return c >= 'A' && c <= 'F' ? -1 : text::hex_digit_value(c); }

// Only the lowercase form packs: Twilio writes its SIDs so, and packing
// "AB" and "ab" alike would make two different SIDs one message.
bool pack_hex(std::string_view digits, std::array<std::uint8_t, MessageId::kBytes>& out) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = lower_hex_value(digits[2 * i]);
        const int low = lower_hex_value(digits[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return true;
}

MessageId digest_of(std::string_view message_sid) {
    const Sha256Digest digest = sha256(message_sid);
    MessageId id{MessageId::digest, {}};
    std::copy_n(digest.begin(), id.bytes.size(), id.bytes.begin());
    return id;
}

} // namespace

MessageId message_id(std::string_view message_sid) {
    if (message_sid.empty()) return {};
    if (message_sid.size() == kSidLength) {
        const std::string_view prefix = message_sid.substr(0, 2);
        MessageId id{prefix == "SM" ? MessageId::sms : prefix == "MM" ? MessageId::mms : MessageId::none, {}};
        if (id.kind != MessageId::none && pack_hex(message_sid.substr(2), id.bytes)) return id;
    }
    return digest_of(message_sid);
}

} // namespace sms
