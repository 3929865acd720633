#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "handler/handler.hpp"
#include "signature/twilio_signature.hpp"
#include "tests/config/load_environment.hpp"
#include "tests/conversation/counter_replies.hpp"
#include "tests/session/test_keys.hpp"

using sms::Handler;
using sms::Request;
using sms::Response;

namespace {

constexpr std::int64_t kNow = 1800000000;
constexpr std::int64_t kMaxIdle = 4 * 3600;
constexpr std::string_view kFormType = "application/x-www-form-urlencoded";
using sms::test::counter_reply;
using sms::test::kCounterFirstReply;

// The handler as sms_fcgi builds it, from an environment with small limits
// so that each can be crossed by a short request. `overrides` come last and win.
Handler make_handler(const std::vector<std::string>& overrides = {},
                     std::unique_ptr<sms::Conversation> conversation = nullptr) {
    std::vector<std::string> environment{
        "SMS_SESSION_SECRET=" + std::string(sms::test::kSecretA),
        "SMS_MAX_BODY=1024",
        "SMS_MAX_PARAMS=8",
        "SMS_MAX_PARAM_BYTES=64",
        "SMS_MAX_COOKIE_HEADER=512",
    };
    environment.insert(environment.end(), overrides.begin(), overrides.end());
    auto loaded = sms::test::load_environment(environment);
    BOOST_REQUIRE(std::holds_alternative<sms::Config>(loaded));
    sms::Config config = std::get<sms::Config>(std::move(loaded));
    sms::KeyRing keys = sms::test::make_key_ring(config.session_secret, config.previous_secrets);
    if (!conversation) conversation = sms::make_conversation(config.conversation);
    return Handler(std::move(config), std::move(keys), std::move(conversation));
}

// A form POST whose fields point into the caller's `body` and `length`.
Request form_post(std::string_view body, std::optional<std::string_view> length) {
    Request r;
    r.method = "POST";
    r.content_type = kFormType;
    r.content_length = length;
    r.body = body;
    r.now = kNow;
    return r;
}

std::string message(std::string_view sid, std::string_view from = "%2B14155552671") {
    return "From=" + std::string(from) + "&To=%2B15005550006&Body=hello&MessageSid=" + std::string(sid);
}

Response post(const Handler& handler, std::string_view body, std::string_view cookie_header = {},
              std::int64_t now = kNow, std::string_view https = {}) {
    const std::string length = std::to_string(body.size());
    Request r = form_post(body, length);
    r.cookie = cookie_header;
    r.now = now;
    r.https = https;
    return handler.handle(r);
}

// What a client sends back: the name=value part of Set-Cookie.
std::string returned_cookie(const Response& response) {
    return response.set_cookie.substr(0, response.set_cookie.find(';'));
}

void check_error(const Response& r, int status) {
    BOOST_TEST(r.status == status);
    BOOST_TEST(r.content_type == "text/plain; charset=utf-8");
    BOOST_TEST(r.set_cookie.empty());
    BOOST_TEST(!r.error.empty());
    BOOST_TEST(r.body == r.error + "\n");
    BOOST_TEST(r.session_outcome.empty());
    BOOST_TEST(r.from_masked.empty());
}

void check_reply(const Response& r, std::string_view body, std::string_view outcome) {
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.content_type == "text/xml");
    BOOST_TEST(r.error.empty());
    BOOST_TEST(r.body == body);
    BOOST_TEST(r.session_outcome == outcome);
    BOOST_TEST(r.set_cookie.substr(0, 12) == "sms_session=");
}

// Stores more than a cookie can hold.
class HoardingConversation final : public sms::Conversation {
public:
    void respond(const sms::InboundMessage&, sms::Session& session, sms::twiml::MessagingResponse& reply) const override {
        session.set("hoard", std::string(5000, 'h'));
        reply.message("stored");
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
            const Response response = handler.handle(r);
            check_error(response, 405);
            BOOST_TEST(response.allow == "GET, POST");
            BOOST_TEST(sms::check_head(r, handler.config()).error.has_value());
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
            const Response response = handler.handle(r);
            check_error(response, 415);
            BOOST_TEST(response.allow.empty());
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
            const sms::HeadCheck head = sms::check_head(r, handler.config());
            BOOST_TEST(head.error.has_value());
            BOOST_TEST(head.body_length == 0u);
            check_error(handler.handle(r), 413);
        }
    }
    const sms::HeadCheck at_limit = sms::check_head(form_post("", "1024"), handler.config());
    BOOST_TEST(!at_limit.error.has_value());
    BOOST_TEST(at_limit.body_length == 1024u);
}

BOOST_AUTO_TEST_CASE(get_needs_no_body) {
    const Handler handler = make_handler();
    Request r;
    r.method = "GET";
    const sms::HeadCheck head = sms::check_head(r, handler.config());
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

BOOST_AUTO_TEST_CASE(missing_or_empty_from_is_400) {
    const Handler handler = make_handler();
    for (std::string_view body : {"Body=hello&MessageSid=SM1", "From=&Body=hello", "From", "", "from=%2B1415"}) {
        BOOST_TEST_CONTEXT("'" << body << "'") {
            const Response response = post(handler, body);
            check_error(response, 400);
            BOOST_TEST(response.error == "missing From parameter");
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
    const Response response = handler.handle(r);
    check_reply(response, kCounterFirstReply, "new");
    BOOST_TEST(response.message_sid == "SM1");
    BOOST_TEST(response.from_masked == "+1415***2671");
}

BOOST_AUTO_TEST_CASE(three_messages_count_up) {
    const Handler handler = make_handler();
    const Response first = post(handler, message("SM1"));
    check_reply(first, kCounterFirstReply, "new");
    BOOST_TEST(first.set_cookie.find("; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax") != std::string::npos);

    const std::string first_cookie = returned_cookie(first);
    const Response second = post(handler, message("SM2"), first_cookie, kNow + 10);
    check_reply(second, counter_reply(2), "restored");

    const std::string second_cookie = returned_cookie(second);
    const Response third = post(handler, message("SM3"), "a=b; " + second_cookie + "; c=d", kNow + 20);
    check_reply(third, counter_reply(3), "restored");
    BOOST_TEST(third.message_sid == "SM3");
    BOOST_TEST(third.from_masked == "+1415***2671");
}

BOOST_AUTO_TEST_CASE(https_marks_the_cookie_secure) {
    const Handler handler = make_handler();
    const std::string body = message("SM1");
    for (std::string_view on : {"on", "ON", "On"}) {
        BOOST_TEST_CONTEXT("HTTPS=" << on) {
            const std::string cookie = post(handler, body, "", kNow, on).set_cookie;
            BOOST_TEST(cookie.ends_with("; HttpOnly; SameSite=Lax; Secure"));
        }
    }
    for (std::string_view off : {"", "off", "1"}) {
        BOOST_TEST_CONTEXT("HTTPS=" << off) {
            const std::string cookie = post(handler, body, "", kNow, off).set_cookie;
            BOOST_TEST(cookie.ends_with("; HttpOnly; SameSite=Lax"));
        }
    }
}

BOOST_AUTO_TEST_CASE(retried_webhook_gets_the_same_answer_once_counted) {
    const Handler handler = make_handler();
    const Response first = post(handler, message("SM1"));
    const std::string first_cookie = returned_cookie(first);
    const Response second = post(handler, message("SM2"), first_cookie, kNow + 1);
    check_reply(second, counter_reply(2), "restored");
    const std::string second_cookie = returned_cookie(second);

    // Twilio retries SM2 with the cookie it was given for SM2.
    const Response replay = post(handler, message("SM2"), second_cookie, kNow + 2);
    check_reply(replay, second.body, "replayed");
    BOOST_TEST(replay.message_sid == "SM2");

    // ... or with the cookie from before SM2, when the first answer was lost.
    check_reply(post(handler, message("SM2"), first_cookie, kNow + 2), second.body, "restored");

    const Response next = post(handler, message("SM3"), returned_cookie(replay), kNow + 3);
    check_reply(next, counter_reply(3), "restored");
}

BOOST_AUTO_TEST_CASE(messages_without_a_sid_are_never_replays) {
    const Handler handler = make_handler();
    const Response first = post(handler, "From=%2B14155552671&Body=a");
    const Response second = post(handler, "From=%2B14155552671&Body=a", returned_cookie(first));
    check_reply(second, counter_reply(2), "restored");
}

BOOST_AUTO_TEST_CASE(tampered_cookie_starts_a_new_session) {
    const Handler handler = make_handler();
    const Response first = post(handler, message("SM1"));
    const Response second = post(handler, message("SM2"), returned_cookie(first));
    std::string tampered = returned_cookie(second);
    const std::size_t at = std::string_view("sms_session=v1.").size() + 4;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    check_reply(post(handler, message("SM3"), tampered), kCounterFirstReply, "rejected:bad-mac");
}

BOOST_AUTO_TEST_CASE(expired_cookie_starts_a_new_session) {
    const Handler handler = make_handler();
    const std::string cookie = returned_cookie(post(handler, message("SM1")));
    check_reply(post(handler, message("SM2"), cookie, kNow + kMaxIdle), counter_reply(2), "restored");
    check_reply(post(handler, message("SM2"), cookie, kNow + kMaxIdle + 1), kCounterFirstReply, "rejected:expired");
}

BOOST_AUTO_TEST_CASE(session_too_large_for_a_cookie_is_500) {
    const Handler handler = make_handler({}, std::make_unique<HoardingConversation>());
    const Response response = post(handler, message("SM1"));
    check_error(response, 500);
    BOOST_TEST(response.error == "session too large for a cookie");
}

BOOST_AUTO_TEST_CASE(encrypted_sessions_count_up) {
    const Handler handler = make_handler({"SMS_SESSION_ENCRYPT=1"});
    const Response first = post(handler, message("SM1"));
    check_reply(first, kCounterFirstReply, "new");
    BOOST_TEST(first.set_cookie.substr(0, 15) == "sms_session=e1.");
    check_reply(post(handler, message("SM2"), returned_cookie(first)), counter_reply(2), "restored");
}

BOOST_AUTO_TEST_CASE(cookie_from_the_previous_secret_rotates) {
    const Handler old_handler = make_handler();
    const std::string cookie = returned_cookie(post(old_handler, message("SM1")));
    const Handler rotating = make_handler({"SMS_SESSION_SECRET=" + std::string(sms::test::kSecretB),
                                           "SMS_SESSION_PREVIOUS_SECRETS=" + std::string(sms::test::kSecretA)});
    const Response second = post(rotating, message("SM2"), cookie);
    check_reply(second, counter_reply(2), "rotated");

    const Handler new_only = make_handler({"SMS_SESSION_SECRET=" + std::string(sms::test::kSecretB)});
    check_reply(post(new_only, message("SM3"), returned_cookie(second)), counter_reply(3), "restored");
    check_reply(post(new_only, message("SM3"), cookie), kCounterFirstReply, "rejected:bad-mac");
}

BOOST_AUTO_TEST_CASE(secrets_are_not_kept_in_the_config) {
    const Handler handler = make_handler({"TWILIO_AUTH_TOKEN=twilio-token"});
    BOOST_TEST(handler.config().session_secret.empty());
    BOOST_TEST(handler.config().previous_secrets.empty());
    BOOST_TEST(handler.config().auth_token.empty());
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
    const Response missing = handler.handle(r);
    check_error(missing, 400);
    BOOST_TEST((missing.signature_failure == sms::SignatureFailure::missing));
    r.twilio_signature = signature;
    const Response valid = handler.handle(r);
    check_reply(valid, kCounterFirstReply, "new");
    BOOST_TEST((valid.signature_failure == sms::SignatureFailure::none));
    const std::string other = sms::compute_twilio_signature("54321", url, form);
    r.twilio_signature = other;
    const Response invalid = handler.handle(r);
    check_error(invalid, 403);
    BOOST_TEST((invalid.signature_failure == sms::SignatureFailure::invalid));
}

BOOST_AUTO_TEST_CASE(the_ping_path_answers_pong_and_nothing_else_does) {
    // With signatures required: the ping needs none, and gets no session.
    const Handler handler = make_handler({"SMS_PING_PATH=/sms-ping", "TWILIO_AUTH_TOKEN=12345"});
    for (std::string_view uri : {"/sms-ping", "/sms-ping?from=monitor"}) {
        Request ping;
        ping.method = "GET";
        ping.request_uri = uri;
        const Response r = handler.handle(ping);
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.content_type == "text/plain");
        BOOST_TEST(r.body == "pong\n");
        BOOST_TEST(r.set_cookie.empty());
        BOOST_TEST(r.session_outcome.empty());
    }
    Request other;
    other.method = "GET";
    other.request_uri = "/sms-ping2";
    BOOST_TEST(handler.handle(other).body != "pong\n");

    Request unset;
    unset.method = "GET";
    unset.request_uri = "/sms-ping";
    BOOST_TEST(make_handler().handle(unset).body != "pong\n");
}

BOOST_AUTO_TEST_SUITE_END()
