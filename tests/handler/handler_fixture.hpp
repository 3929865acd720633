// The handler as sms_fcgi builds it, and requests to it, for the handler's tests.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "conversation/open_conversation.hpp"
#include "handler/handler.hpp"
#include "tests/config/load_environment.hpp"
#include "tests/session/test_keys.hpp"

namespace sms::test::handler_fixture {

constexpr std::int64_t kNow = 1800000000;
constexpr std::int64_t kMaxIdle = 4 * 3600;
constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

// The handler as sms_fcgi builds it, from an environment with small limits
// so that each can be crossed by a short request. `overrides` come last and win.
inline sms::Handler make_handler(const std::vector<std::string>& overrides = {},
                     std::unique_ptr<Conversation> conversation = nullptr) {
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
    if (!conversation) {
        auto opened = sms::open_conversation(config);
        BOOST_REQUIRE(std::holds_alternative<sms::OpenedConversation>(opened));
        conversation = std::move(std::get<sms::OpenedConversation>(opened).conversation);
    }
    auto made = Handler::from_config(std::move(config), std::move(conversation));
    BOOST_REQUIRE(std::holds_alternative<Handler>(made));
    return std::get<Handler>(std::move(made));
}

// A form POST whose fields point into the caller's `body` and `length`.
inline Request form_post(std::string_view body, std::optional<std::string_view> length) {
    Request r;
    r.method = "POST";
    r.content_type = kFormType;
    r.content_length = length;
    r.body = body;
    r.now = kNow;
    return r;
}

inline std::string message(std::string_view sid, std::string_view from = "%2B14155552671",
                           std::string_view to = "%2B15005550006") {
    return "From=" + std::string(from) + "&To=" + std::string(to) + "&Body=hello&MessageSid=" + std::string(sid);
}

inline Answer post(const Handler& handler, std::string_view body, std::string_view cookie_header = {},
              std::int64_t now = kNow, std::string_view https = {}) {
    const std::string length = std::to_string(body.size());
    Request r = form_post(body, length);
    r.cookie = cookie_header;
    r.now = now;
    r.https = https;
    return handler.handle(r);
}

// What a client sends back: the name=value part of Set-Cookie.
inline std::string returned_cookie(const Answer& answer) {
    return answer.response.set_cookie.substr(0, answer.response.set_cookie.find(';'));
}

inline void check_error(const Answer& r, int status) {
    BOOST_TEST(r.response.status == status);
    BOOST_TEST(r.response.content_type == "text/plain; charset=utf-8");
    BOOST_TEST(r.response.set_cookie.empty());
    BOOST_TEST(!r.record.error.empty());
    BOOST_TEST(r.response.body == r.record.error + "\n");
    BOOST_TEST(r.record.session_outcome.empty());
    BOOST_TEST(r.record.from_masked.empty());
}

inline void check_reply(const Answer& r, std::string_view body, std::string_view outcome) {
    BOOST_TEST(r.response.status == 200);
    BOOST_TEST(r.response.content_type == "text/xml");
    BOOST_TEST(r.record.error.empty());
    BOOST_TEST(r.response.body == body);
    BOOST_TEST(r.record.session_outcome == outcome);
    BOOST_TEST(r.response.set_cookie.substr(0, 12) == "sms_session=");
}

} // namespace sms::test::handler_fixture
