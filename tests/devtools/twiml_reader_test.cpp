#include "devtools/twiml_reader.hpp"

#include <boost/test/unit_test.hpp>

#include "twiml/messaging_response.hpp"

namespace sms::devtools {

BOOST_AUTO_TEST_SUITE(twiml_reader)

BOOST_AUTO_TEST_CASE(reads_what_the_twiml_writer_writes) {
    twiml::MessagingResponse response;
    response.message("Fish & chips <tonight>\r\n");
    response.message_without_body().body("Look").media("https://example.com/a.png?x=1&y=2");
    response.redirect("https://example.com/next");
    const TwimlReading reading = read_twiml(response.to_string());
    BOOST_TEST(reading.error_code == 0);
    BOOST_TEST_REQUIRE(reading.reply.messages.size() == 2u);
    BOOST_TEST(reading.reply.messages[0].body == "Fish & chips <tonight>");
    BOOST_TEST(reading.reply.messages[1].body == "Look");
    BOOST_TEST_REQUIRE(reading.reply.messages[1].media.size() == 1u);
    BOOST_TEST(reading.reply.messages[1].media[0] == "https://example.com/a.png?x=1&y=2");
    BOOST_TEST(reply_text(reading.reply) == "Fish & chips <tonight>\n"
                                            "Look\n"
                                            "[media] https://example.com/a.png?x=1&y=2\n"
                                            "[redirect] https://example.com/next\n");
}

BOOST_AUTO_TEST_CASE(hand_written_twiml_with_white_space) {
    const TwimlReading reading = read_twiml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                            "<Response>\n  <Message>\n    Hello World!\n  </Message>\n"
                                            "  <Message><Body>A</Body><Body>B</Body></Message>\n</Response>\n");
    BOOST_TEST(reading.error_code == 0);
    BOOST_TEST(reply_text(reading.reply) == "Hello World!\nAB\n");
}

BOOST_AUTO_TEST_CASE(an_empty_response_is_no_reply) {
    const TwimlReading reading = read_twiml("<Response/>");
    BOOST_TEST(reading.error_code == 0);
    BOOST_TEST(reading.reply.messages.empty());
    BOOST_TEST(reply_text(reading.reply) == "(no reply)\n");
    BOOST_TEST(reply_text(read_twiml("<Response><Message/></Response>").reply) == "(no reply)\n");
}

BOOST_AUTO_TEST_CASE(not_xml_is_error_12100) {
    const TwimlReading reading = read_twiml("<html><body>Internal error</body>");
    BOOST_TEST(reading.error_code == 12100);
    BOOST_TEST(reading.error == "not well-formed XML: line 1, column 34: Premature end of data in tag html line 1");
}

BOOST_AUTO_TEST_CASE(another_root_is_error_12102) {
    const TwimlReading reading = read_twiml("<?xml version=\"1.0\"?><Reply><Message>hi</Message></Reply>");
    BOOST_TEST(reading.error_code == 12102);
    BOOST_TEST(reading.error == "the root element is <Reply>, not <Response>");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools
