#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <string>

#include "session/message_id.hpp"

using sms::MessageId;
using sms::message_id;

namespace {

std::array<std::uint8_t, 16> from_hex(std::string_view hex) {
    std::array<std::uint8_t, 16> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(message_id_)

BOOST_AUTO_TEST_CASE(twilio_sids_pack_their_hex_digits) {
    const MessageId sms = message_id("SM0123456789abcdef0123456789abcdef");
    BOOST_TEST(sms.kind == MessageId::sms);
    const auto expected = from_hex("0123456789abcdef0123456789abcdef");
    BOOST_TEST((sms.bytes == expected));
    const MessageId mms = message_id("MM0123456789abcdef0123456789abcdef");
    BOOST_TEST(mms.kind == MessageId::mms);
    BOOST_TEST((mms.bytes == expected));
    BOOST_TEST(!(sms == mms));
}

BOOST_AUTO_TEST_CASE(no_sid_is_none) { BOOST_TEST((message_id("") == MessageId{})); }

// Anything else is its SHA-256's first 16 bytes (hashlib.sha256(b"SM1")).
BOOST_AUTO_TEST_CASE(other_sids_are_digested) {
    const MessageId id = message_id("SM1");
    BOOST_TEST(id.kind == MessageId::digest);
    BOOST_TEST((id.bytes == from_hex("e084a13cc812fc9d09d293dbd8ec4a52")));
    for (std::string_view other : {"SM0123456789ABCDEF0123456789abcdef", "SM0123456789abcdef0123456789abcdeg",
                                   "SM0123456789abcdef0123456789abcde", "SM0123456789abcdef0123456789abcdef0",
                                   "XX0123456789abcdef0123456789abcdef"}) {
        BOOST_TEST_CONTEXT(other) { BOOST_TEST(message_id(other).kind == MessageId::digest); }
    }
    BOOST_TEST((message_id(std::string(3000, 'S')) == message_id(std::string(3000, 'S'))));
    BOOST_TEST(!(message_id(std::string(3000, 'S')) == message_id(std::string(3001, 'S'))));
    // Upper-case hex is another SID, never the lower-case one's twin.
    BOOST_TEST(!(message_id("SM0123456789ABCDEF0123456789ABCDEF") == message_id("SM0123456789abcdef0123456789abcdef")));
}

BOOST_AUTO_TEST_SUITE_END()
