#include "devtools/webhook_form.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace sms::devtools {

BOOST_AUTO_TEST_SUITE(webhook_form)

BOOST_AUTO_TEST_CASE(has_every_parameter_twilio_sends_in_its_order) {
    const std::string sid = "SM" + std::string(32, 'a');
    const std::string account = "AC" + std::string(32, 'b');
    const Form form = inbound_sms_form({"+15551230001", "+445550000", "Hi there", sid, account});
    BOOST_TEST(encode_form(form) ==
               "ToCountry=&ToState=&SmsMessageSid=" + sid + "&NumMedia=0&ToCity=&FromZip=&SmsSid=" + sid +
                   "&FromState=&SmsStatus=received&FromCity=&Body=Hi+there&FromCountry=US&To=%2B445550000&ToZip="
                   "&NumSegments=1&MessageSid=" + sid + "&AccountSid=" + account +
                   "&From=%2B15551230001&ApiVersion=2010-04-01");
}

BOOST_AUTO_TEST_CASE(sids_are_prefix_and_32_lowercase_hex) {
    const std::string first = random_sid("SM");
    BOOST_TEST(first.size() == 34u);
    BOOST_TEST(first.substr(0, 2) == "SM");
    BOOST_TEST(first.find_first_not_of("0123456789abcdef", 2) == std::string::npos);
    BOOST_TEST(random_sid("SM") != first);
    BOOST_TEST(random_sid("AC").substr(0, 2) == "AC");
}

BOOST_AUTO_TEST_CASE(segments_follow_gsm_and_ucs2_lengths) {
    BOOST_TEST(count_segments("") == 1);
    BOOST_TEST(count_segments(std::string(160, 'a')) == 1);
    BOOST_TEST(count_segments(std::string(161, 'a')) == 2);
    BOOST_TEST(count_segments(std::string(306, 'a')) == 2);
    BOOST_TEST(count_segments(std::string(307, 'a')) == 3);
    std::string accented;
    for (int i = 0; i < 70; ++i) accented += "\xC3\xA9";
    BOOST_TEST(count_segments(accented) == 1);
    BOOST_TEST(count_segments(accented + "a") == 2);
    std::string emoji; // each is two UTF-16 units
    for (int i = 0; i < 35; ++i) emoji += "\xF0\x9F\x98\x80";
    BOOST_TEST(count_segments(emoji) == 1);
    BOOST_TEST(count_segments(emoji + "a") == 2);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools
