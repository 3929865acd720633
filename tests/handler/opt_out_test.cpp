#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/conversation/counter_replies.hpp"
#include "tests/handler/handler_fixture.hpp"

namespace {

using namespace sms::test::handler_fixture;
using sms::Answer;
using sms::test::counter_reply;
using sms::test::kCounterFirstReply;

constexpr std::string_view kEmptyReply = R"(<?xml version="1.0" encoding="UTF-8"?><Response/>)";

std::string with_body(std::string_view sid, std::string_view body, std::string_view extra = {}) {
    return "From=%2B14155552671&To=%2B15005550006&Body=" + std::string(body) + "&MessageSid=" + std::string(sid) +
           std::string(extra);
}

// A conversation two messages in: its cookie.
std::string two_messages_in(const sms::Handler& handler) {
    const Answer first = post(handler, message("SM1"));
    return returned_cookie(post(handler, message("SM2"), returned_cookie(first), kNow + 1));
}

void check_opt_out(const Answer& r) {
    BOOST_TEST(r.response.status == 200);
    BOOST_TEST(r.response.body == kEmptyReply);
    BOOST_TEST(r.record.session_outcome == "opt-out");
    BOOST_TEST(r.response.set_cookie == "sms_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

} // namespace

BOOST_AUTO_TEST_SUITE(opt_out)

BOOST_AUTO_TEST_CASE(every_stop_keyword_in_any_case_and_spacing_ends_the_conversation) {
    const sms::Handler handler = make_handler();
    const std::string cookie = two_messages_in(handler);
    for (std::string_view keyword : {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}) {
        std::string lower(keyword);
        for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
        const std::string mixed = lower.substr(0, 1) + std::string(keyword.substr(1));
        for (const std::string& body : {std::string(keyword), lower, mixed, "++" + lower + "%0A", "%09" + mixed + "+"}) {
            BOOST_TEST_CONTEXT(body) { check_opt_out(post(handler, with_body("SM3", body), cookie, kNow + 2)); }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_keyword_inside_a_longer_text_is_an_ordinary_message) {
    const sms::Handler handler = make_handler();
    const std::string cookie = two_messages_in(handler);
    for (std::string_view body : {"please+stop", "STOP+it", "stop.", "STOPPED", "help+me", "yes+please", "S+T+O+P"}) {
        BOOST_TEST_CONTEXT(body) {
            const Answer r = post(handler, with_body("SM3", body), cookie, kNow + 2);
            BOOST_TEST(r.response.body == counter_reply(3));
            BOOST_TEST(r.record.session_outcome == "restored");
        }
    }
}

BOOST_AUTO_TEST_CASE(the_next_message_after_stop_starts_afresh) {
    const sms::Handler handler = make_handler();
    const Answer stop = post(handler, with_body("SM3", "STOP"), two_messages_in(handler), kNow + 2);
    check_opt_out(stop);
    // Twilio drops a cookie with Max-Age=0: the next message comes without one.
    const Answer next = post(handler, message("SM4"), {}, kNow + 3);
    BOOST_TEST(next.response.body == kCounterFirstReply);
    BOOST_TEST(next.record.session_outcome == "new");
}

BOOST_AUTO_TEST_CASE(opt_in_keywords_start_a_fresh_conversation) {
    const sms::Handler handler = make_handler();
    const std::string cookie = two_messages_in(handler);
    for (std::string_view body : {"START", "start", "Yes", "UNSTOP", "+unstop+"}) {
        BOOST_TEST_CONTEXT(body) {
            const Answer r = post(handler, with_body("SM3", body), cookie, kNow + 2);
            BOOST_TEST(r.response.body == kCounterFirstReply);
            BOOST_TEST(r.record.session_outcome == "opt-in");
            const Answer next = post(handler, message("SM4"), returned_cookie(r), kNow + 3);
            BOOST_TEST(next.response.body == counter_reply(2));
        }
    }
}

BOOST_AUTO_TEST_CASE(help_gets_the_configured_reply_and_leaves_the_conversation_as_it_was) {
    const sms::Handler quiet = make_handler();
    const std::string cookie = two_messages_in(quiet);
    for (std::string_view body : {"HELP", "info", " Help "}) {
        BOOST_TEST_CONTEXT(body) {
            const Answer r = post(quiet, with_body("SM3", body), cookie, kNow + 2);
            BOOST_TEST(r.response.body == kEmptyReply);
            BOOST_TEST(r.record.session_outcome == "help");
            // Re-issued unchanged (only its idle time restarts): the count goes on from 2.
            const Answer next = post(quiet, message("SM4"), returned_cookie(r), kNow + 3);
            BOOST_TEST(next.response.body == counter_reply(3));
        }
    }
    const sms::Handler helpful = make_handler({"SMS_HELP_REPLY=Text STOP to stop & START to start"});
    const Answer r = post(helpful, with_body("SM3", "HELP"), {}, kNow);
    BOOST_TEST(r.response.body == R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>Text STOP to stop &amp; START to start</Message></Response>)");
    BOOST_TEST(r.response.set_cookie.empty()); // no conversation to keep
}

BOOST_AUTO_TEST_CASE(opt_out_type_alone_decides_whatever_the_body) {
    const sms::Handler handler = make_handler();
    const std::string cookie = two_messages_in(handler);
    check_opt_out(post(handler, with_body("SM3", "arr%C3%AAtez", "&OptOutType=STOP"), cookie, kNow + 2));
    const Answer in = post(handler, with_body("SM3", "oui", "&OptOutType=START"), cookie, kNow + 2);
    BOOST_TEST(in.record.session_outcome == "opt-in");
    BOOST_TEST(in.response.body == kCounterFirstReply);
    const Answer help = post(handler, with_body("SM3", "aide", "&OptOutType=HELP"), cookie, kNow + 2);
    BOOST_TEST(help.record.session_outcome == "help");
    BOOST_TEST(help.response.body == kEmptyReply);
}

BOOST_AUTO_TEST_CASE(keywords_off_leaves_only_opt_out_type) {
    const sms::Handler handler = make_handler({"SMS_OPT_OUT_KEYWORDS=off"});
    const std::string cookie = two_messages_in(handler);
    for (std::string_view body : {"STOP", "START", "HELP"}) {
        BOOST_TEST_CONTEXT(body) { BOOST_TEST(post(handler, with_body("SM3", body), cookie, kNow + 2).response.body == counter_reply(3)); }
    }
    check_opt_out(post(handler, with_body("SM3", "STOP", "&OptOutType=STOP"), cookie, kNow + 2));
}

BOOST_AUTO_TEST_CASE(keyword_lists_are_configurable) {
    const sms::Handler handler = make_handler({"SMS_OPT_OUT_KEYWORDS=ARRET STOP", "SMS_OPT_IN_KEYWORDS=GO"});
    const std::string cookie = two_messages_in(handler);
    check_opt_out(post(handler, with_body("SM3", "arret"), cookie, kNow + 2));
    BOOST_TEST(post(handler, with_body("SM3", "go"), cookie, kNow + 2).record.session_outcome == "opt-in");
    // YES is no longer an opt-in: an answer like any other.
    BOOST_TEST(post(handler, with_body("SM3", "yes"), cookie, kNow + 2).response.body == counter_reply(3));
}

BOOST_AUTO_TEST_CASE(stop_over_https_deletes_a_secure_cookie) {
    const sms::Handler handler = make_handler();
    const Answer r = post(handler, with_body("SM1", "STOP"), {}, kNow, "on");
    BOOST_TEST(r.response.set_cookie == "sms_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
}

BOOST_AUTO_TEST_SUITE_END()
