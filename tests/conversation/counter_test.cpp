#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include "conversation/conversation.hpp"
#include "conversation/counter.hpp"
#include "tests/conversation/counter_replies.hpp"

using sms::Session;

namespace {

using sms::test::counter_reply;
using sms::test::kCounterFirstReply;

std::string reply_to(const sms::Conversation& conversation, Session& session, std::string_view body = "hi") {
    const sms::Form form;
    const sms::InboundMessage message{"+14155552671", "+15005550006", body, "SM00000000000000000000000000000001",
                                      form, 1800000000};
    sms::twiml::MessagingResponse reply;
    conversation.respond(message, session, reply);
    return reply.to_string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(counter)

BOOST_AUTO_TEST_CASE(registry_makes_the_counter_by_name) {
    BOOST_TEST(sms::make_conversation("counter") != nullptr);
    const auto names = sms::conversation_names();
    BOOST_TEST(std::count(names.begin(), names.end(), "counter") == 1);
    for (const auto& name : names) BOOST_TEST(sms::make_conversation(name) != nullptr);
}

BOOST_AUTO_TEST_CASE(unknown_names_make_nothing) {
    for (std::string_view name : {"", "Counter", "counter ", "nope", "counterx"}) {
        BOOST_TEST_CONTEXT("'" << name << "'") { BOOST_TEST(sms::make_conversation(name) == nullptr); }
    }
}

BOOST_AUTO_TEST_CASE(first_message_is_welcomed) {
    const auto conversation = sms::make_conversation("counter");
    Session session;
    BOOST_TEST(reply_to(*conversation, session) == kCounterFirstReply);
    BOOST_TEST(session.get_int("counter").value() == 1);
}

BOOST_AUTO_TEST_CASE(later_messages_are_numbered) {
    const sms::CounterConversation conversation;
    Session session;
    BOOST_TEST(reply_to(conversation, session) == kCounterFirstReply);
    for (int n = 2; n <= 12; ++n) {
        BOOST_TEST_CONTEXT("message " << n) {
            BOOST_TEST(reply_to(conversation, session) == counter_reply(n));
            BOOST_TEST(session.get_int("counter").value() == n);
        }
    }
}

BOOST_AUTO_TEST_CASE(second_and_third_replies_are_byte_exact) {
    const sms::CounterConversation conversation;
    Session session;
    reply_to(conversation, session);
    BOOST_TEST(reply_to(conversation, session) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
                                                  "Hello, thanks for message number 2</Message></Response>");
    BOOST_TEST(reply_to(conversation, session) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
                                                  "Hello, thanks for message number 3</Message></Response>");
}

// The count lives in the cookie under "counter": cookies written by earlier
// builds must keep counting from where they were.
BOOST_AUTO_TEST_CASE(counts_on_from_a_restored_session) {
    const sms::CounterConversation conversation;
    Session session;
    session.set("counter", std::int64_t{41});
    BOOST_TEST(reply_to(conversation, session) == counter_reply(42));
    BOOST_TEST(session.get_int("counter").value() == 42);
}

BOOST_AUTO_TEST_CASE(message_text_does_not_matter) {
    const sms::CounterConversation conversation;
    Session a, b;
    BOOST_TEST(reply_to(conversation, a, "") == kCounterFirstReply);
    BOOST_TEST(reply_to(conversation, b, "<&>\"'\n") == kCounterFirstReply);
    BOOST_TEST(reply_to(conversation, a, "STOP") == counter_reply(2));
}

BOOST_AUTO_TEST_CASE(other_session_data_is_left_alone) {
    const sms::CounterConversation conversation;
    Session session;
    session.set("name", std::string("Ada"));
    reply_to(conversation, session);
    BOOST_TEST(session.get_string("name").value() == "Ada");
    BOOST_TEST(session.entries().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
