// The counter conversation's replies, byte for byte, as Twilio receives them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sms::test {

inline constexpr std::string_view kCounterFirstReply =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
    "<Message>Hello, thanks for the new message.</Message></Response>";

inline std::string counter_reply(std::int64_t n) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Hello, thanks for message number " +
           std::to_string(n) + "</Message></Response>";
}

} // namespace sms::test
