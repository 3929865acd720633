#include "server/cgi_environment.hpp"

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string_view>
#include <vector>

namespace sms {

namespace {

Request read(std::initializer_list<const char*> entries) {
    std::vector<const char*> envp(entries);
    envp.push_back(nullptr);
    Request request;
    read_cgi_environment(envp.data(), request);
    return request;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cgi_environment)

BOOST_AUTO_TEST_CASE(each_variable_lands_in_its_field) {
    const Request request = read({
        "REQUEST_METHOD=POST",
        "CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8",
        "CONTENT_LENGTH=123",
        "QUERY_STRING=a=1&b=2",
        "HTTP_COOKIE=sms_session=abc; lang=en",
        "HTTPS=on",
        "REQUEST_SCHEME=https",
        "HTTP_HOST=sms.example.com",
        "SERVER_PORT=443",
        "REQUEST_URI=/sms?x=1",
        "HTTP_X_TWILIO_SIGNATURE=0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        "HTTP_X_FORWARDED_PROTO=https",
        "HTTP_X_FORWARDED_HOST=public.example.com",
    });
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.content_type == "application/x-www-form-urlencoded; charset=UTF-8");
    BOOST_TEST_REQUIRE(request.content_length.has_value());
    BOOST_TEST(*request.content_length == "123");
    BOOST_TEST(request.query_string == "a=1&b=2");
    BOOST_TEST(request.cookie == "sms_session=abc; lang=en");
    BOOST_TEST(request.https == "on");
    BOOST_TEST(request.scheme == "https");
    BOOST_TEST(request.host == "sms.example.com");
    BOOST_TEST(request.server_port == "443");
    BOOST_TEST(request.request_uri == "/sms?x=1");
    BOOST_TEST_REQUIRE(request.twilio_signature.has_value());
    BOOST_TEST(*request.twilio_signature == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    BOOST_TEST(request.forwarded_proto == "https");
    BOOST_TEST(request.forwarded_host == "public.example.com");
    BOOST_TEST(request.body.empty());
    BOOST_TEST(request.now == 0);
}

BOOST_AUTO_TEST_CASE(values_point_into_the_environment) {
    const char* const entry = "HTTP_COOKIE=sms_session=abc";
    const Request request = read({entry});
    BOOST_TEST(static_cast<const void*>(request.cookie.data()) == static_cast<const void*>(entry + 12));
}

BOOST_AUTO_TEST_CASE(every_cookie_header_is_kept_in_order) {
    // nginx before 1.23 passes each Cookie header as an HTTP_COOKIE of its own.
    const Request request = read({"HTTP_COOKIE=a=1", "HTTP_HOST=h", "HTTP_COOKIE=", "HTTP_COOKIE=sms_session=x"});
    BOOST_TEST(request.cookie == "a=1");
    BOOST_TEST_REQUIRE(request.more_cookies.size() == 2u);
    BOOST_TEST(request.more_cookies[0] == "");
    BOOST_TEST(request.more_cookies[1] == "sms_session=x");
    BOOST_TEST(read({"HTTP_COOKIE=only"}).more_cookies.empty());
}

BOOST_AUTO_TEST_CASE(content_length_present_but_empty_differs_from_absent) {
    const Request empty = read({"CONTENT_LENGTH="});
    BOOST_TEST_REQUIRE(empty.content_length.has_value());
    BOOST_TEST(empty.content_length->empty());

    const Request absent = read({"REQUEST_METHOD=POST"});
    BOOST_TEST(!absent.content_length.has_value());
}

BOOST_AUTO_TEST_CASE(twilio_signature_is_optional) {
    BOOST_TEST(!read({"REQUEST_METHOD=POST"}).twilio_signature.has_value());

    const Request empty = read({"HTTP_X_TWILIO_SIGNATURE="});
    BOOST_TEST_REQUIRE(empty.twilio_signature.has_value());
    BOOST_TEST(empty.twilio_signature->empty());
}

BOOST_AUTO_TEST_CASE(entries_without_equals_are_ignored) {
    const Request request = read({"REQUEST_METHOD", "CONTENT_LENGTH", "HTTP_X_TWILIO_SIGNATURE", "", "QUERY_STRING=q"});
    BOOST_TEST(request.method.empty());
    BOOST_TEST(!request.content_length.has_value());
    BOOST_TEST(!request.twilio_signature.has_value());
    BOOST_TEST(request.query_string == "q");
}

BOOST_AUTO_TEST_CASE(unknown_and_look_alike_variables_are_ignored) {
    const Request request = read({
        "PATH=/usr/bin",
        "REQUEST_METHODX=GET",
        "XREQUEST_METHOD=GET",
        "request_method=GET",
        " REQUEST_METHOD=GET",
        "REQUEST_METHOD =GET",
        "CONTENT_LENGTH_=1",
        "HTTP_X_TWILIO_SIGNATURE2=s",
        "=value",
    });
    BOOST_TEST(request.method.empty());
    BOOST_TEST(!request.content_length.has_value());
    BOOST_TEST(!request.twilio_signature.has_value());
    BOOST_TEST(request.content_type.empty());
    BOOST_TEST(request.query_string.empty());
    BOOST_TEST(request.cookie.empty());
    BOOST_TEST(request.https.empty());
    BOOST_TEST(request.scheme.empty());
    BOOST_TEST(request.host.empty());
    BOOST_TEST(request.server_port.empty());
    BOOST_TEST(request.request_uri.empty());
    BOOST_TEST(request.forwarded_proto.empty());
    BOOST_TEST(request.forwarded_host.empty());
}

BOOST_AUTO_TEST_CASE(fields_not_in_the_environment_are_left_alone) {
    Request request;
    request.body = "Body=hi";
    request.now = 1700000000;
    const char* const envp[] = {"REQUEST_METHOD=GET", nullptr};
    read_cgi_environment(envp, request);
    BOOST_TEST(request.method == "GET");
    BOOST_TEST(request.body == "Body=hi");
    BOOST_TEST(request.now == 1700000000);
}

BOOST_AUTO_TEST_CASE(a_null_or_empty_environment_is_read_as_nothing) {
    Request request;
    read_cgi_environment(nullptr, request);
    BOOST_TEST(request.method.empty());
    BOOST_TEST(read({}).method.empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms
