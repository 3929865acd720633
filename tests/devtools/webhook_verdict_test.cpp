#include "devtools/webhook_verdict.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace sms::devtools {

namespace {

const std::string kTwiml = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi</Message></Response>)";
const std::string kOurCookie = "sms_session=v1.abc.def; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax";

HttpExchange answer(long status, std::optional<std::string> content_type, std::string body,
                    std::vector<std::string> set_cookies = {}) {
    HttpExchange exchange;
    exchange.status = status;
    exchange.content_type = std::move(content_type);
    exchange.body = std::move(body);
    exchange.set_cookies = std::move(set_cookies);
    return exchange;
}

HttpExchange transport_failure(Transport transport, std::string why) {
    HttpExchange exchange;
    exchange.transport = transport;
    exchange.transport_error = std::move(why);
    return exchange;
}

// The one finding expected, as describe() words it.
void check_only_finding(const Verdict& verdict, std::string_view expected) {
    BOOST_TEST_REQUIRE(verdict.findings.size() == 1u);
    BOOST_TEST(describe(verdict.findings[0]) == expected);
}

} // namespace

BOOST_AUTO_TEST_SUITE(webhook_verdict)

BOOST_AUTO_TEST_CASE(a_good_answer_has_no_findings) {
    const Verdict verdict = judge_exchange(answer(200, "text/xml; charset=utf-8", kTwiml, {kOurCookie}));
    BOOST_TEST(verdict.findings.empty());
    BOOST_TEST(!verdict.failed());
    BOOST_TEST_REQUIRE(verdict.reply.has_value());
    BOOST_TEST(reply_text(*verdict.reply) == "Hi\n");
    BOOST_TEST_REQUIRE(verdict.set_cookie.has_value());
    BOOST_TEST(verdict.set_cookie->value == "v1.abc.def");
}

BOOST_AUTO_TEST_CASE(twiml_content_types_and_text_plain) {
    for (std::string_view type : {"text/xml", "application/xml", "text/html", "TEXT/XML ; charset=UTF-8"}) {
        BOOST_TEST(judge_exchange(answer(200, std::string(type), kTwiml)).findings.empty(), type);
    }
    const Verdict plain = judge_exchange(answer(200, "text/plain", "just text <b>"));
    BOOST_TEST(plain.findings.empty());
    BOOST_TEST(reply_text(*plain.reply) == "just text <b>\n");
}

BOOST_AUTO_TEST_CASE(transport_failures) {
    check_only_finding(judge_exchange(transport_failure(Transport::connect_failed, "Connection refused")),
                       "error 11205 HTTP connection failure: cannot connect: Connection refused");
    check_only_finding(judge_exchange(transport_failure(Transport::resolve_failed, "no such host")),
                       "error 11210 HTTP bad host name: cannot resolve the host name: no such host");
    check_only_finding(judge_exchange(transport_failure(Transport::timed_out, "")),
                       "error 11200 HTTP retrieval failure: no complete response within 15 s "
                       "(timeout; Twilio waits 15 s in all, connecting included)");
    check_only_finding(judge_exchange(transport_failure(Transport::too_many_redirects, "Maximum (10) redirects")),
                       "error 11215 HTTP too many redirects: Maximum (10) redirects");
    check_only_finding(judge_exchange(transport_failure(Transport::tls_failed, "handshake")),
                       "error 11220 SSL/TLS Handshake Error: handshake");
    check_only_finding(judge_exchange(transport_failure(Transport::failed, "Recv failure")),
                       "error 11200 HTTP retrieval failure: Recv failure");
    const Verdict certificate = judge_exchange(transport_failure(Transport::certificate_invalid, "expired"));
    BOOST_TEST(certificate.failed());
    BOOST_TEST(certificate.findings[0].code == 0);
    BOOST_TEST(!certificate.reply);
}

BOOST_AUTO_TEST_CASE(the_timeout_is_the_one_allowed) {
    HttpExchange exchange = transport_failure(Transport::timed_out, "");
    exchange.timeout_seconds = 1.5;
    BOOST_TEST(describe(judge_exchange(exchange).findings.at(0)).find("within 1.5 s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_2xx_is_11200_but_the_cookie_is_kept) {
    const Verdict verdict = judge_exchange(answer(500, "text/html", "<h1>oops</h1>", {kOurCookie}));
    check_only_finding(verdict, "error 11200 HTTP retrieval failure: the server answered HTTP 500 \"<h1>oops</h1>\"; "
                                "Twilio needs a 2xx status (newer accounts may log this as 11217 HTTP error response code)");
    BOOST_TEST(!verdict.reply);
    BOOST_TEST(verdict.set_cookie.has_value());
    BOOST_TEST(judge_exchange(answer(302, "text/html", "")).failed());
    const std::string long_line = "missing X-Twilio-Signature " + std::string(100, 'x') + "\nsecond line";
    BOOST_TEST(describe(judge_exchange(answer(403, "text/plain", long_line)).findings.at(0)).find(
                   "HTTP 403 \"missing X-Twilio-Signature " + std::string(73, 'x') + "...\"; Twilio") != std::string::npos);
    BOOST_TEST(!judge_exchange(answer(299, "text/xml", kTwiml)).failed());
}

BOOST_AUTO_TEST_CASE(content_type_errors) {
    check_only_finding(judge_exchange(answer(200, "application/json", "{}")),
                       "error 12300 Invalid Content-Type: Content-Type application/json; Twilio reads text/xml, "
                       "application/xml and text/html as TwiML, and text/plain as the reply");
    check_only_finding(judge_exchange(answer(200, std::nullopt, kTwiml)),
                       "error 11200 HTTP retrieval failure: the response has no Content-Type header");
    check_only_finding(judge_exchange(answer(200, "", kTwiml)),
                       "error 11200 HTTP retrieval failure: the response has no Content-Type header");
}

BOOST_AUTO_TEST_CASE(body_errors) {
    check_only_finding(judge_exchange(answer(200, "text/xml", "Hello")),
                       "error 12100 Document parse failure: not well-formed XML: line 1, column 1: Start tag "
                       "expected, '<' not found");
    check_only_finding(judge_exchange(answer(200, "text/xml", "<Reply/>")),
                       "error 12102 The root element must be Response: the root element is <Reply>, not <Response>");
    const std::string huge = "<Response><Message>" + std::string(kMaxTwimlBytes, 'x');
    check_only_finding(judge_exchange(answer(200, "text/xml", huge.substr(0, kMaxTwimlBytes + 1))),
                       "error 11750 TwiML response body too large: the body is over 64 KiB (65536 bytes); Twilio "
                       "reads no further");
    BOOST_TEST(judge_exchange(answer(200, "text/xml", "<Response/>" + std::string(kMaxTwimlBytes - 11, ' '))).findings.empty());
}

BOOST_AUTO_TEST_CASE(an_empty_body_is_no_reply_with_a_warning) {
    const Verdict verdict = judge_exchange(answer(204, std::nullopt, ""));
    BOOST_TEST(!verdict.failed());
    BOOST_TEST_REQUIRE(verdict.findings.size() == 1u);
    BOOST_TEST(!verdict.findings[0].is_error);
    BOOST_TEST(reply_text(*verdict.reply) == "(no reply)\n");
}

BOOST_AUTO_TEST_CASE(invalid_message_bodies_are_warning_14103) {
    const Verdict empty = judge_exchange(answer(200, "text/xml", "<Response><Message>ok</Message><Message> </Message></Response>"));
    check_only_finding(empty, "warning 14103 Invalid Body: <Message> 2 has no text and no media, so nothing is sent");
    BOOST_TEST(!empty.failed());
    BOOST_TEST(judge_exchange(answer(200, "text/xml", "<Response><Message><Media>https://x/y.png</Media></Message></Response>"))
                   .findings.empty());
    std::string long_body;
    for (int i = 0; i < 1601; ++i) long_body += "\xC3\xA9"; // 1601 characters, 3202 bytes
    check_only_finding(judge_exchange(answer(200, "text/xml", "<Response><Message>" + long_body + "</Message></Response>")),
                       "warning 14103 Invalid Body: <Message> 1 is 1601 characters; Twilio sends at most 1600");
    BOOST_TEST(judge_exchange(answer(200, "text/xml", "<Response><Message>" + std::string(1600, 'a') + "</Message></Response>"))
                   .findings.empty());
}

BOOST_AUTO_TEST_CASE(cookie_warnings) {
    const std::string big = "big=" + std::string(4100, 'a') + "; Path=/; Max-Age=60";
    const Verdict oversized = judge_exchange(answer(200, "text/xml", kTwiml, {big}));
    check_only_finding(oversized, "warning: Set-Cookie big is 4124 bytes, over 4 KiB: Twilio documents no limit and no "
                                  "error code for this; browsers drop such cookies, and so does the simulator, so the "
                                  "next message has no cookie");
    BOOST_TEST(!oversized.set_cookie);
    BOOST_TEST(!oversized.failed());

    const Verdict bare = judge_exchange(answer(200, "text/xml", kTwiml, {"s=1"}));
    BOOST_TEST_REQUIRE(bare.findings.size() == 2u);
    BOOST_TEST(describe(bare.findings[0]).find("has no Max-Age or Expires") != std::string::npos);
    BOOST_TEST(describe(bare.findings[1]).find("has no Path") != std::string::npos);
    BOOST_TEST(bare.set_cookie.has_value());

    check_only_finding(judge_exchange(answer(200, "text/xml", kTwiml, {"s=1; Path=/; Max-Age=86400"})),
                       "warning: Set-Cookie s has Max-Age=86400: Twilio keeps cookies at most 4 hours (14400 s)");
    BOOST_TEST(judge_exchange(answer(200, "text/xml", kTwiml, {"s=1; Path=/; Expires=Wed, 01 Jan 2100 00:00:00 GMT"}))
                   .findings.empty());

    HttpExchange secure = answer(200, "text/xml", kTwiml, {kOurCookie + "; Secure"});
    BOOST_TEST(judge_exchange(secure).findings.size() == 1u);
    secure.https = true;
    BOOST_TEST(judge_exchange(secure).findings.empty());
}

BOOST_AUTO_TEST_CASE(several_cookies_keep_the_last) {
    const Verdict verdict = judge_exchange(answer(200, "text/xml", kTwiml, {kOurCookie, "other=2; Path=/; Max-Age=60"}));
    BOOST_TEST_REQUIRE(verdict.findings.size() == 1u);
    BOOST_TEST(describe(verdict.findings[0]).find("2 Set-Cookie headers") != std::string::npos);
    BOOST_TEST(verdict.set_cookie->name == "other");
    BOOST_TEST(judge_exchange(answer(200, "text/xml", kTwiml, {"garbage"})).findings.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools
