#include "server/cgi_response.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace sms {

namespace {

constexpr std::string_view kTwiml = // 112 bytes
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<Response><Message>Hello, thanks for the new message.</Message></Response>)";

std::string render(const Response& response) {
    std::string out;
    render_cgi_response(response, out);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cgi_response)

BOOST_AUTO_TEST_CASE(a_twiml_answer_with_a_cookie_renders_byte_exact) {
    const Response response{.status = 200,
                            .content_type = "text/xml",
                            .allow = {},
                            .set_cookie = "sms_session=v1.AbC-_9.xyz; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Lax",
                            .body = std::string(kTwiml)};

    const std::string head = "Status: 200 OK\r\n"
                             "Content-Type: text/xml\r\n"
                             "Content-Length: 112\r\n"
                             "Set-Cookie: sms_session=v1.AbC-_9.xyz; Max-Age=2592000; Path=/; Secure; HttpOnly; "
                             "SameSite=Lax\r\n"
                             "Cache-Control: no-store\r\n"
                             "\r\n";
    BOOST_TEST(render(response) == head + std::string(kTwiml));
}

BOOST_AUTO_TEST_CASE(a_405_error_with_allow_renders_byte_exact) {
    Response response = error_answer(405, "method not allowed: Twilio webhooks use POST or GET").response;
    response.allow = "GET, POST";

    BOOST_TEST(render(response) ==
               "Status: 405 Method Not Allowed\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n"
               "Content-Length: 52\r\n"
               "Allow: GET, POST\r\n"
               "Cache-Control: no-store\r\n"
               "\r\n"
               "method not allowed: Twilio webhooks use POST or GET\n");
}

BOOST_AUTO_TEST_CASE(an_error_without_allow_or_cookie_has_neither_header) {
    BOOST_TEST(render(error_answer(413, "request body too large").response) ==
               "Status: 413 Content Too Large\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n"
               "Content-Length: 23\r\n"
               "Cache-Control: no-store\r\n"
               "\r\n"
               "request body too large\n");
}

BOOST_AUTO_TEST_CASE(an_empty_body_has_content_length_zero) {
    Response response;
    response.content_type = "text/xml";
    BOOST_TEST(render(response) ==
               "Status: 200 OK\r\n"
               "Content-Type: text/xml\r\n"
               "Content-Length: 0\r\n"
               "Cache-Control: no-store\r\n"
               "\r\n");
}

BOOST_AUTO_TEST_CASE(rendering_appends_to_what_the_buffer_holds) {
    std::string out = "earlier response";
    render_cgi_response(error_answer(400, "x").response, out);
    BOOST_TEST(out == "earlier response" + render(error_answer(400, "x").response));
}


BOOST_AUTO_TEST_CASE(every_status_the_program_answers_has_its_reason) {
    BOOST_TEST(status_reason(200) == "OK");
    BOOST_TEST(status_reason(400) == "Bad Request");
    BOOST_TEST(status_reason(403) == "Forbidden");
    BOOST_TEST(status_reason(405) == "Method Not Allowed");
    BOOST_TEST(status_reason(411) == "Length Required");
    BOOST_TEST(status_reason(413) == "Content Too Large");
    BOOST_TEST(status_reason(415) == "Unsupported Media Type");
    BOOST_TEST(status_reason(431) == "Request Header Fields Too Large");
    BOOST_TEST(status_reason(500) == "Internal Server Error");
    BOOST_TEST(status_reason(503) == "Service Unavailable");
}

BOOST_AUTO_TEST_CASE(other_statuses_are_unknown) {
    for (int status : {0, 100, 201, 404, 418, 501, 999, -1}) BOOST_TEST(status_reason(status) == "Unknown", status);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms
