#include <boost/test/unit_test.hpp>

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "crypto/aead.hpp"
#include "handler/handler.hpp"
#include "server/cgi_environment.hpp"
#include "signature/twilio_signature.hpp"
#include "text/base64.hpp"
#include "tests/conversation/counter_replies.hpp"
#include "tests/handler/handler_fixture.hpp"
#include "tests/session/test_keys.hpp"

using sms::Handler;
using sms::Request;
using sms::Answer;

namespace {

using namespace sms::test::handler_fixture;
using sms::test::counter_reply;
using sms::test::kCounterFirstReply;

constexpr std::string_view kSid1 = "SM0123456789abcdef0123456789abcde1";
constexpr std::string_view kSid2 = "SM0123456789abcdef0123456789abcde2";
constexpr std::string_view kSid3 = "MM0123456789abcdef0123456789abcde3";

// Stores more than a cookie can hold.
class HoardingConversation final : public sms::Conversation {
public:
    sms::ConversationOutcome respond(const sms::InboundMessage&, sms::Session& session,
                                     sms::twiml::MessagingResponse& reply) const override {
        session.set("hoard", std::string(5000, 'h'));
        reply.message("stored");
        return {};
    }
};

// Gives up, as a flow does in a loop without a wait widget.
class FailingConversation final : public sms::Conversation {
public:
    sms::ConversationOutcome respond(const sms::InboundMessage&, sms::Session& session,
                                     sms::twiml::MessagingResponse& reply) const override {
        session.set("changed", 1);
        reply.message("never sent");
        sms::ConversationOutcome outcome;
        outcome.state = "spinning";
        outcome.failure = "ran too many widgets";
        return outcome;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(handler)

BOOST_AUTO_TEST_CASE(other_methods_are_405_with_allow) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    for (std::string_view method : {"PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "post", "get", ""}) {
        BOOST_TEST_CONTEXT("method '" << method << "'") {
            Request r = form_post(body, "54");
            r.method = method;
            const Answer answer = handler.handle(r);
            check_error(answer, 405);
            BOOST_TEST(answer.response.allow == "GET, POST");
            BOOST_TEST(sms::check_head(r, handler.settings()).error.has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(non_form_content_types_are_415) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size());
    for (std::string_view type : {"text/plain", "", "application/json", "multipart/form-data; boundary=x",
                                  "application/x-www-form-urlencodedx", "application/x-www-form"}) {
        BOOST_TEST_CONTEXT("Content-Type '" << type << "'") {
            Request r = form_post(body, length);
            r.content_type = type;
            const Answer answer = handler.handle(r);
            check_error(answer, 415);
            BOOST_TEST(answer.response.allow.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(form_content_type_variants_are_accepted) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size());
    for (std::string_view type : {"application/x-www-form-urlencoded; charset=UTF-8", "APPLICATION/X-WWW-FORM-URLENCODED",
                                  "Application/X-Www-Form-Urlencoded;charset=utf-8", " application/x-www-form-urlencoded "}) {
        BOOST_TEST_CONTEXT("Content-Type '" << type << "'") {
            Request r = form_post(body, length);
            r.content_type = type;
            check_reply(handler.handle(r), kCounterFirstReply, "new");
        }
    }
}

BOOST_AUTO_TEST_CASE(missing_or_empty_content_length_is_411) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    check_error(handler.handle(form_post(body, std::nullopt)), 411);
    check_error(handler.handle(form_post(body, "")), 411);
}

BOOST_AUTO_TEST_CASE(content_length_that_is_not_a_number_is_400) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    for (std::string_view length : {"abc", "-1", "+5", "1e3", " 5", "5 ", "0x10", "5.0", "٥"}) {
        BOOST_TEST_CONTEXT("Content-Length '" << length << "'") {
            check_error(handler.handle(form_post(body, length)), 400);
        }
    }
}

BOOST_AUTO_TEST_CASE(body_over_the_limit_is_413_and_never_read) {
    const Handler handler = make_handler();
    for (std::string_view length : {"1025", "99999999999999999999999"}) {
        BOOST_TEST_CONTEXT("Content-Length " << length) {
            const Request r = form_post("", length);
            const sms::HeadCheck head = sms::check_head(r, handler.settings());
            BOOST_TEST(head.error.has_value());
            BOOST_TEST(head.body_length == 0u);
            check_error(handler.handle(r), 413);
        }
    }
    const sms::HeadCheck at_limit = sms::check_head(form_post("", "1024"), handler.settings());
    BOOST_TEST(!at_limit.error.has_value());
    BOOST_TEST(at_limit.body_length == 1024u);
}

// The servers check the head once, to know whether to read the body, and
// hand the result on: handle(request, head) answers from it.
BOOST_AUTO_TEST_CASE(a_head_checked_by_the_server_is_not_checked_again) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size()); // the Request views it
    const Request r = form_post(body, length);
    const sms::HeadCheck head = sms::check_head(r, handler.settings());
    BOOST_TEST_REQUIRE(!head.error.has_value());
    const Answer checked_here = handler.handle(r);
    const Answer handed_on = handler.handle(r, head);
    BOOST_TEST(handed_on.response.status == 200);
    BOOST_TEST(handed_on.response.body == checked_here.response.body);

    // The head's verdict is what counts: a refusal handed on is the answer,
    // and a length handed on is the length read.
    const sms::HeadCheck refused = sms::check_head(form_post(body, "99999"), handler.settings());
    BOOST_TEST_REQUIRE(refused.error.has_value());
    check_error(handler.handle(r, refused), 413);
    sms::HeadCheck shorter = head;
    shorter.body_length = body.size() + 1;
    check_error(handler.handle(r, shorter), 400);
}

BOOST_AUTO_TEST_CASE(get_needs_no_body) {
    const Handler handler = make_handler();
    Request r;
    r.method = "GET";
    const sms::HeadCheck head = sms::check_head(r, handler.settings());
    BOOST_TEST(!head.error.has_value());
    BOOST_TEST(head.body_length == 0u);
}

BOOST_AUTO_TEST_CASE(body_shorter_than_announced_is_400) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size() + 1);
    check_error(handler.handle(form_post(body, length)), 400);
}

BOOST_AUTO_TEST_CASE(only_the_announced_length_is_parsed) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size());
    const std::string longer = body + "&Broken=%zz";
    check_reply(handler.handle(form_post(longer, length)), kCounterFirstReply, "new");
}

BOOST_AUTO_TEST_CASE(malformed_escapes_are_400) {
    const Handler handler = make_handler();
    for (std::string_view body : {"From=%2&Body=x", "From=%zz", "From=abc%", "From=%2B1415%G1"}) {
        BOOST_TEST_CONTEXT(body) { check_error(post(handler, body), 400); }
    }
}

BOOST_AUTO_TEST_CASE(too_many_or_too_long_parameters_are_413) {
    const Handler handler = make_handler();
    check_reply(post(handler, "From=1&a=1&b=2&c=3&d=4&e=5&f=6&g=7"), kCounterFirstReply, "new");
    check_error(post(handler, "From=1&a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8"), 413);
    check_reply(post(handler, "From=1&Body=" + std::string(64, 'x')), kCounterFirstReply, "new");
    check_error(post(handler, "From=1&Body=" + std::string(65, 'x')), 413);
}

BOOST_AUTO_TEST_CASE(a_post_query_string_gets_the_form_limits_413) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size());
    const auto post_with_query = [&](std::string_view query) {
        Request r = form_post(body, length);
        r.query_string = query;
        return handler.handle(r);
    };
    check_reply(post_with_query("a&b&c&d&e&f&g&h"), kCounterFirstReply, "new");
    const Answer many = post_with_query("a&b&c&d&e&f&g&h&i");
    check_error(many, 413);
    BOOST_TEST(many.record.error == "too many query parameters");

    check_reply(post_with_query("q=" + std::string(64, 'x')), kCounterFirstReply, "new");
    const Answer long_value = post_with_query("q=" + std::string(65, 'x'));
    check_error(long_value, 413);
    BOOST_TEST(long_value.record.error == "query parameter too long");
    check_error(post_with_query(std::string(65, 'x')), 413);

    // Refused before the body is read, like a body over the limit.
    Request head = form_post({}, length);
    head.query_string = "a&b&c&d&e&f&g&h&i";
    BOOST_TEST(sms::check_head(head, handler.settings()).error.has_value());
}

BOOST_AUTO_TEST_CASE(missing_or_empty_from_is_400) {
    const Handler handler = make_handler();
    for (std::string_view body : {"Body=hello&MessageSid=SM1", "From=&Body=hello", "From", "", "from=%2B1415"}) {
        BOOST_TEST_CONTEXT("'" << body << "'") {
            const Answer answer = post(handler, body);
            check_error(answer, 400);
            BOOST_TEST(answer.record.error == "missing From parameter");
        }
    }
}

BOOST_AUTO_TEST_CASE(oversized_cookie_header_is_431) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    const std::string at_limit = "other=" + std::string(512 - 6, 'x');
    check_reply(post(handler, body, at_limit), kCounterFirstReply, "new");
    check_error(post(handler, body, at_limit + "x"), 431);

    std::string many;
    for (int i = 0; i < 65; ++i) many += "c" + std::to_string(i) + "=1;";
    check_error(post(handler, body, many), 431);
}

BOOST_AUTO_TEST_CASE(get_with_query_string_is_answered) {
    const Handler handler = make_handler();
    const std::string query = message("SM1");
    Request r;
    r.method = "GET";
    r.query_string = query;
    r.body = "From=ignored";
    r.now = kNow;
    const Answer answer = handler.handle(r);
    check_reply(answer, kCounterFirstReply, "new");
    BOOST_TEST(answer.record.message_sid == "SM1");
    BOOST_TEST(answer.record.from_masked == "+1415***2671");
}

BOOST_AUTO_TEST_CASE(three_messages_count_up) {
    const Handler handler = make_handler();
    const Answer first = post(handler, message("SM1"));
    check_reply(first, kCounterFirstReply, "new");
    BOOST_TEST(first.response.set_cookie.find("; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax") != std::string::npos);

    const std::string first_cookie = returned_cookie(first);
    const Answer second = post(handler, message("SM2"), first_cookie, kNow + 10);
    check_reply(second, counter_reply(2), "restored");

    const std::string second_cookie = returned_cookie(second);
    const Answer third = post(handler, message("SM3"), "a=b; " + second_cookie + "; c=d", kNow + 20);
    check_reply(third, counter_reply(3), "restored");
    BOOST_TEST(third.record.message_sid == "SM3");
    BOOST_TEST(third.record.from_masked == "+1415***2671");
}

BOOST_AUTO_TEST_CASE(https_marks_the_cookie_secure) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    for (std::string_view on : {"on", "ON", "On"}) {
        BOOST_TEST_CONTEXT("HTTPS=" << on) {
            const std::string cookie = post(handler, body, "", kNow, on).response.set_cookie;
            BOOST_TEST(cookie.ends_with("; HttpOnly; SameSite=Lax; Secure"));
        }
    }
    for (std::string_view off : {"", "off", "1"}) {
        BOOST_TEST_CONTEXT("HTTPS=" << off) {
            const std::string cookie = post(handler, body, "", kNow, off).response.set_cookie;
            BOOST_TEST(cookie.ends_with("; HttpOnly; SameSite=Lax"));
        }
    }
}

// Twilio repeats a message only when its answer did not arrive, so the
// repeat carries the cookie from before it: answered as the first attempt was.
BOOST_AUTO_TEST_CASE(a_retry_with_the_old_cookie_gets_the_same_answer) {
    const Handler handler = make_handler();
    const std::string first_cookie = returned_cookie(post(handler, message(kSid1)));
    const Answer second = post(handler, message(kSid2), first_cookie, kNow + 1);
    check_reply(second, counter_reply(2), "restored");
    const Answer retry = post(handler, message(kSid2), first_cookie, kNow + 30);
    check_reply(retry, second.response.body, "restored");
    check_reply(post(handler, message(kSid3), returned_cookie(retry), kNow + 31), counter_reply(3), "restored");
}

// A MessageSid the cookie already records was answered, and that answer's
// cookie came back: an empty reply, nothing counted, the cookie left as it is.
BOOST_AUTO_TEST_CASE(a_duplicate_with_the_new_cookie_gets_an_empty_reply_and_keeps_the_cookie) {
    for (const bool encrypt : {false, true}) {
        BOOST_TEST_CONTEXT("encrypt " << encrypt) {
            const Handler handler = make_handler({encrypt ? "SMS_SESSION_ENCRYPT=1" : "SMS_SESSION_ENCRYPT=0"});
            const std::string first_cookie = returned_cookie(post(handler, message(kSid1)));
            const std::string second_cookie = returned_cookie(post(handler, message(kSid2), first_cookie, kNow + 1));
            for (std::string_view sid : {kSid2, std::string_view("not-a-twilio-sid")}) {
                const std::string cookie =
                    sid == kSid2 ? second_cookie : returned_cookie(post(handler, message(sid), first_cookie, kNow + 1));
                const Answer duplicate = post(handler, message(sid), cookie, kNow + 2);
                BOOST_TEST(duplicate.response.status == 200);
                BOOST_TEST(duplicate.response.content_type == "text/xml");
                BOOST_TEST(duplicate.response.body == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
                BOOST_TEST(duplicate.record.session_outcome == "duplicate");
                BOOST_TEST(duplicate.response.set_cookie.empty()); // the client keeps the cookie it has
                BOOST_TEST(duplicate.record.message_sid == sid);
                check_reply(post(handler, message(kSid3), cookie, kNow + 3), counter_reply(3), "restored");
            }
        }
    }
}

// Twilio keeps one cookie per From/To pair: one presented with another pair
// was taken from another conversation, and is not believed.
BOOST_AUTO_TEST_CASE(a_cookie_with_another_from_or_to_starts_afresh) {
    for (const bool encrypt : {false, true}) {
        BOOST_TEST_CONTEXT("encrypt " << encrypt) {
            const Handler handler = make_handler({encrypt ? "SMS_SESSION_ENCRYPT=1" : "SMS_SESSION_ENCRYPT=0"});
            const std::string cookie = returned_cookie(post(handler, message(kSid1)));
            check_reply(post(handler, message(kSid2, "%2B14155550000"), cookie), kCounterFirstReply,
                        "rejected:other-pair");
            check_reply(post(handler, message(kSid2, "%2B14155552671", "%2B15005550007"), cookie), kCounterFirstReply,
                        "rejected:other-pair");
            // The same digits moved between From and To are another pair too.
            check_reply(post(handler, message(kSid2, "%2B15005550006", "%2B14155552671"), cookie), kCounterFirstReply,
                        "rejected:other-pair");
            check_reply(post(handler, message(kSid2), cookie), counter_reply(2), "restored");
        }
    }
}

// Whatever a MessageSid is, the session keeps 17 bytes of it: a 3 KB one
// used to be kept whole and overflow the cookie (a 500).
BOOST_AUTO_TEST_CASE(a_long_message_sid_cannot_make_the_session_too_large) {
    const Handler handler = make_handler({"SMS_MAX_BODY=8192", "SMS_MAX_PARAM_BYTES=4096"});
    const std::string long_sid(3000, 'S');
    const Answer first = post(handler, message(long_sid));
    check_reply(first, kCounterFirstReply, "new");
    const Answer twilio_sid = post(handler, message(kSid1));
    BOOST_TEST(first.response.set_cookie.size() == twilio_sid.response.set_cookie.size());
    const Answer duplicate = post(handler, message(long_sid), returned_cookie(first), kNow + 1);
    BOOST_TEST(duplicate.record.session_outcome == "duplicate");
    check_reply(post(handler, message(long_sid + "x"), returned_cookie(first), kNow + 1), counter_reply(2), "restored");
}

// A cookie the previous release issued (version 1: the reply stored, no
// pair bound), made here byte by byte: the conversation goes on, the
// cookie comes back as version 2, and its MessageSid is still recognised.
BOOST_AUTO_TEST_CASE(version_1_cookies_continue_and_are_reissued_as_version_2) {
    const sms::SessionKey key(sms::test::kSecretA);
    const std::string_view nul("\0", 1);
    const std::string sid(kSid2);
    // started, last_seen (LEB128 of kNow - 60 = 1799999940), MessageSid, reply, one entry: counter = 2
    const std::string time = {'\xc4', '\xa3', '\xa7', '\xda', '\x06'};
    const std::string reply = "<Response/>";
    const std::string payload = time + time + static_cast<char>(sid.size()) + sid + static_cast<char>(reply.size()) +
                                reply + std::string("\x01\x07" "counter" "\x00\x04", 11);
    const std::string text = sms::text::base64url_encode(payload);
    const sms::Mac tag = key.mac({"v1", nul, "sms_session", nul, text});
    const std::string signed_v1 = "sms_session=v1." + text + "." +
                                  sms::text::base64url_encode({reinterpret_cast<const char*>(tag.data()), tag.size()});
    const std::string sealed_v1 =
        "sms_session=e1." + sms::text::base64url_encode(sms::aead_seal(key.aead_key(), "e1" + std::string(nul) + "sms_session", payload));
    for (const bool encrypt : {false, true}) {
        BOOST_TEST_CONTEXT("encrypt " << encrypt) {
            const Handler handler = make_handler({encrypt ? "SMS_SESSION_ENCRYPT=1" : "SMS_SESSION_ENCRYPT=0"});
            const std::string& v1 = encrypt ? sealed_v1 : signed_v1;
            const Answer next = post(handler, message(kSid3), v1);
            check_reply(next, counter_reply(3), "restored");
            BOOST_TEST(next.response.set_cookie.substr(0, 15) == (encrypt ? "sms_session=e2." : "sms_session=v2."));
            check_reply(post(handler, message(kSid1), returned_cookie(next), kNow + 1), counter_reply(4), "restored");
            BOOST_TEST(post(handler, message(kSid2), v1).record.session_outcome == "duplicate");
        }
    }
}

BOOST_AUTO_TEST_CASE(messages_without_a_sid_are_never_replays) {
    const Handler handler = make_handler();
    const Answer first = post(handler, "From=%2B14155552671&Body=a");
    const Answer second = post(handler, "From=%2B14155552671&Body=a", returned_cookie(first));
    check_reply(second, counter_reply(2), "restored");
}

BOOST_AUTO_TEST_CASE(tampered_cookie_starts_a_new_session) {
    const Handler handler = make_handler();
    const Answer first = post(handler, message("SM1"));
    const Answer second = post(handler, message("SM2"), returned_cookie(first));
    std::string tampered = returned_cookie(second);
    const std::size_t at = std::string_view("sms_session=v2.").size() + 4;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    check_reply(post(handler, message("SM3"), tampered), kCounterFirstReply, "rejected:bad-mac");
}

// A POST as a web server hands it over: HTTP_COOKIE once per Cookie header.
Answer post_with_cookie_headers(const Handler& handler, std::string_view body, const std::vector<std::string>& cookies) {
    const std::string length = "CONTENT_LENGTH=" + std::to_string(body.size());
    std::vector<std::string> environment{"REQUEST_METHOD=POST", "CONTENT_TYPE=application/x-www-form-urlencoded", length};
    for (const auto& cookie : cookies) environment.push_back("HTTP_COOKIE=" + cookie);
    std::vector<const char*> envp;
    for (const auto& entry : environment) envp.push_back(entry.c_str());
    envp.push_back(nullptr);
    Request r;
    sms::read_cgi_environment(envp.data(), r);
    r.body = body;
    r.now = kNow;
    return handler.handle(r);
}

BOOST_AUTO_TEST_CASE(two_session_cookies_are_trusted_neither) {
    const Handler handler = make_handler();
    const std::string first = returned_cookie(post(handler, message("SM1")));
    const std::string second = returned_cookie(post(handler, message("SM2"), first));
    const std::string other = returned_cookie(post(handler, message("SM9", "%2B14155550000")));
    // In one header (nginx 1.23 and later join Cookie headers with "; ").
    check_reply(post(handler, message("SM3"), second + "; " + other), kCounterFirstReply, "rejected:ambiguous");
    check_reply(post(handler, message("SM3"), "a=b; " + second + "; c=d; " + second), kCounterFirstReply,
                "rejected:ambiguous");
    // In two headers (nginx before 1.23 passes each on its own).
    check_reply(post_with_cookie_headers(handler, message("SM3"), {second, other}), kCounterFirstReply,
                "rejected:ambiguous");
    check_reply(post_with_cookie_headers(handler, message("SM3"), {other, "a=b", second}), kCounterFirstReply,
                "rejected:ambiguous");
    // One session cookie, whichever header holds it, is the session.
    check_reply(post_with_cookie_headers(handler, message("SM3"), {second, "a=b"}), counter_reply(3), "restored");
    check_reply(post_with_cookie_headers(handler, message("SM3"), {"a=b", second}), counter_reply(3), "restored");
}

BOOST_AUTO_TEST_CASE(cookie_limits_cover_all_cookie_headers) {
    const Handler handler = make_handler(); // SMS_MAX_COOKIE_HEADER=512, 64 cookies
    const std::string body = message("SM1");
    const std::string half(255, 'x');
    check_reply(post_with_cookie_headers(handler, body, {"a=" + half.substr(2), "b=" + half.substr(2)}),
                kCounterFirstReply, "new"); // 255 + "; " + 255 bytes: the limit
    const Answer large = post_with_cookie_headers(handler, body, {"a=" + half, "b=" + half});
    check_error(large, 431);
    BOOST_TEST(large.record.error == "Cookie header too large");

    std::string thirty_two;
    for (int i = 0; i < 32; ++i) thirty_two += "c" + std::to_string(i) + "=1;";
    check_reply(post_with_cookie_headers(handler, body, {thirty_two, thirty_two}), kCounterFirstReply, "new");
    const Answer many = post_with_cookie_headers(handler, body, {thirty_two, thirty_two, "one=more"});
    check_error(many, 431);
    BOOST_TEST(many.record.error == "too many cookies");
}

BOOST_AUTO_TEST_CASE(expired_cookie_starts_a_new_session) {
    const Handler handler = make_handler();
    const std::string cookie = returned_cookie(post(handler, message("SM1")));
    check_reply(post(handler, message("SM2"), cookie, kNow + kMaxIdle), counter_reply(2), "restored");
    check_reply(post(handler, message("SM2"), cookie, kNow + kMaxIdle + 1), kCounterFirstReply, "rejected:expired");
}

BOOST_AUTO_TEST_CASE(a_counter_at_int64_max_stays_there) {
    // Only a holder of the secret can sign such a cookie; it must still not
    // overflow (UBSan in the sanitizer build).
    const Handler handler = make_handler();
    sms::Session session;
    session.set("counter", std::numeric_limits<std::int64_t>::max());
    session.started = session.last_seen = kNow;
    const std::string cookie = "sms_session=" + handler.codec().encode(session, {"+14155552671", "+15005550006"});
    const Answer at_max = post(handler, message("SM2"), cookie);
    check_reply(at_max, counter_reply(std::numeric_limits<std::int64_t>::max()), "restored");
    check_reply(post(handler, message("SM3"), returned_cookie(at_max)),
                counter_reply(std::numeric_limits<std::int64_t>::max()), "restored");
}

BOOST_AUTO_TEST_CASE(session_too_large_for_a_cookie_is_500) {
    const Handler handler = make_handler({}, std::make_unique<HoardingConversation>());
    const Answer answer = post(handler, message("SM1"));
    check_error(answer, 500);
    BOOST_TEST(answer.record.error == "session too large for a cookie");
}

BOOST_AUTO_TEST_CASE(a_conversation_that_gives_up_is_500_and_stores_nothing) {
    const Handler handler = make_handler({}, std::make_unique<FailingConversation>());
    const Answer answer = post(handler, message("SM1"));
    BOOST_TEST(answer.response.status == 500);
    BOOST_TEST(answer.response.body == "ran too many widgets\n");
    BOOST_TEST(answer.response.set_cookie.empty());
    // The log line still says whose message it was and where the flow stood.
    BOOST_TEST(answer.record.conversation_state == "spinning");
    BOOST_TEST(answer.record.session_outcome == "new");
    BOOST_TEST(!answer.record.from_masked.empty());
}

BOOST_AUTO_TEST_CASE(encrypted_sessions_count_up) {
    const Handler handler = make_handler({"SMS_SESSION_ENCRYPT=1"});
    const Answer first = post(handler, message("SM1"));
    check_reply(first, kCounterFirstReply, "new");
    BOOST_TEST(first.response.set_cookie.substr(0, 15) == "sms_session=e2.");
    check_reply(post(handler, message("SM2"), returned_cookie(first)), counter_reply(2), "restored");
}

BOOST_AUTO_TEST_CASE(cookie_from_the_previous_secret_rotates) {
    const Handler old_handler = make_handler();
    const std::string cookie = returned_cookie(post(old_handler, message("SM1")));
    const Handler rotating = make_handler({"SMS_SESSION_SECRET=" + std::string(sms::test::kSecretB),
                                           "SMS_SESSION_PREVIOUS_SECRETS=" + std::string(sms::test::kSecretA)});
    const Answer second = post(rotating, message("SM2"), cookie);
    check_reply(second, counter_reply(2), "rotated");

    const Handler new_only = make_handler({"SMS_SESSION_SECRET=" + std::string(sms::test::kSecretB)});
    check_reply(post(new_only, message("SM3"), returned_cookie(second)), counter_reply(3), "restored");
    check_reply(post(new_only, message("SM3"), cookie), kCounterFirstReply, "rejected:bad-mac");
}

// The session secrets never reach the Handler's settings (HandlerSettings
// has no field for them); the auth tokens it keeps are wiped.
BOOST_AUTO_TEST_CASE(secrets_are_not_kept_in_the_settings) {
    const Handler handler = make_handler({"TWILIO_AUTH_TOKEN=twilio-token", "TWILIO_PREVIOUS_AUTH_TOKENS=old-token"});
    BOOST_TEST(handler.settings().auth_token.empty());
    BOOST_TEST(handler.settings().previous_auth_tokens.empty());
}

BOOST_AUTO_TEST_CASE(from_config_refuses_secrets_it_cannot_use) {
    sms::Config config;
    config.session_secret = "too-short";
    auto made = Handler::from_config(config, sms::make_conversation("counter"));
    BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(made));
    BOOST_TEST(std::get<std::string>(made).starts_with("SMS_SESSION_SECRET is 9 bytes"));

    config.session_secret = sms::test::kSecretA;
    config.previous_secrets = "short";
    made = Handler::from_config(config, sms::make_conversation("counter"));
    BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(made));
    BOOST_TEST(std::get<std::string>(made).starts_with("SMS_SESSION_PREVIOUS_SECRETS entry 1 is 5 bytes"));
}

BOOST_AUTO_TEST_CASE(twilio_signature_is_checked_when_a_token_is_set) {
    const std::string url = "https://sms.example.com/webhook";
    const Handler handler = make_handler({"TWILIO_AUTH_TOKEN=12345", "SMS_PUBLIC_URL=" + url});
    const std::string body = message("SM1");
    const std::string length = std::to_string(body.size());

    sms::Form form;
    BOOST_REQUIRE(sms::parse_form(body, {}, form) == sms::FormError::none);
    const std::string signature = sms::compute_twilio_signature("12345", url, form);

    Request r = form_post(body, length);
    const Answer missing = handler.handle(r);
    check_error(missing, 400);
    BOOST_TEST((missing.record.signature_failure == sms::SignatureFailure::missing));
    r.twilio_signature = signature;
    const Answer valid = handler.handle(r);
    check_reply(valid, kCounterFirstReply, "new");
    BOOST_TEST((valid.record.signature_failure == sms::SignatureFailure::none));
    const std::string other = sms::compute_twilio_signature("54321", url, form);
    r.twilio_signature = other;
    const Answer invalid = handler.handle(r);
    check_error(invalid, 403);
    BOOST_TEST((invalid.record.signature_failure == sms::SignatureFailure::invalid));
}

BOOST_AUTO_TEST_CASE(the_ping_path_answers_pong_and_nothing_else_does) {
    // With signatures required: the ping needs none, and gets no session.
    const Handler handler = make_handler({"SMS_PING_PATH=/sms-ping", "TWILIO_AUTH_TOKEN=12345"});
    for (std::string_view uri : {"/sms-ping", "/sms-ping?from=monitor"}) {
        Request ping;
        ping.method = "GET";
        ping.request_uri = uri;
        const Answer r = handler.handle(ping);
        BOOST_TEST(r.response.status == 200);
        BOOST_TEST(r.response.content_type == "text/plain");
        BOOST_TEST(r.response.body == "pong\n");
        BOOST_TEST(r.response.set_cookie.empty());
        BOOST_TEST(r.record.session_outcome.empty());
    }
    Request other;
    other.method = "GET";
    other.request_uri = "/sms-ping2";
    BOOST_TEST(handler.handle(other).response.body != "pong\n");

    Request unset;
    unset.method = "GET";
    unset.request_uri = "/sms-ping";
    BOOST_TEST(make_handler().handle(unset).response.body != "pong\n");
}

BOOST_AUTO_TEST_SUITE_END()
