#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "handler/handler.hpp"
#include "handler/log_fields.hpp"
#include "tests/session/test_keys.hpp"

using sms::mask_phone_number;
using sms::Answer;

namespace {

constexpr std::int64_t kStamp = 1795622400; // 2026-11-25T16:00:00Z

std::string format_log_line(const Answer& answer, std::int64_t unix_seconds, std::int64_t microseconds) {
    std::string line;
    sms::append_log_line(line, answer, unix_seconds, microseconds);
    return line;
}

// One line: printable ASCII only, and the newline at its end.
void check_single_line(const std::string& line) {
    BOOST_REQUIRE(!line.empty());
    BOOST_TEST(line.back() == '\n');
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        BOOST_TEST_CONTEXT("offset " << i) { BOOST_TEST((line[i] >= ' ' && line[i] < 0x7f)); }
    }
}

// The space-separated key=value fields before error="...".
std::vector<std::string> fields_of(const std::string& line) {
    std::string head = line.substr(0, line.find(" error=\""));
    if (!head.empty() && head.back() == '\n') head.pop_back();
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (start <= head.size()) {
        const std::size_t space = head.find(' ', start);
        fields.push_back(head.substr(start, space - start));
        if (space == std::string::npos) break;
        start = space + 1;
    }
    return fields;
}

} // namespace

BOOST_AUTO_TEST_SUITE(log_fields)

BOOST_AUTO_TEST_CASE(phone_numbers_keep_country_prefix_and_last_four) {
    BOOST_TEST(mask_phone_number("+14155552671") == "+1415***2671");
    BOOST_TEST(mask_phone_number("+447911123456") == "+4479***3456");
    BOOST_TEST(mask_phone_number("whatsapp:+14155552671") == "whats***2671");
}

BOOST_AUTO_TEST_CASE(short_inputs_keep_a_quarter_at_each_end) {
    BOOST_TEST(mask_phone_number("") == "***");
    BOOST_TEST(mask_phone_number("1") == "***");
    BOOST_TEST(mask_phone_number("123") == "***");
    BOOST_TEST(mask_phone_number("1234") == "1***4");
    BOOST_TEST(mask_phone_number("12345") == "1***5"); // a short code
    BOOST_TEST(mask_phone_number("12345678") == "12***78");
}

// "Not enough to call them": at least three characters stay hidden (half of
// a shorter input), also for short national or E.164 numbers.
BOOST_AUTO_TEST_CASE(masking_always_hides_at_least_three_characters) {
    const std::string digits = "+123456789012345678901234567890";
    for (std::size_t n = 0; n <= digits.size(); ++n) {
        const std::string number = digits.substr(0, n);
        const std::string masked = mask_phone_number(number);
        BOOST_TEST_CONTEXT("'" << number << "' -> '" << masked << "'") {
            BOOST_REQUIRE(masked.size() >= 3u);
            const std::size_t hidden = n - (masked.size() - 3);
            BOOST_TEST(hidden >= std::min<std::size_t>(3, (n + 1) / 2));
        }
    }
}

BOOST_AUTO_TEST_CASE(log_line_is_byte_exact) {
    Answer r;
    r.record.session_outcome = "restored";
    r.record.message_sid = "SM0123456789abcdef";
    r.record.from_masked = "+1415***2671";
    BOOST_TEST(format_log_line(r, kStamp, 180) ==
               "2026-11-25T16:00:00Z status=200 us=180 session=restored sid=SM0123456789abcdef from=+1415***2671\n");
    BOOST_TEST(format_log_line(Answer{}, 0, 0) == "1970-01-01T00:00:00Z status=200 us=0\n");
}

BOOST_AUTO_TEST_CASE(a_flows_state_and_note_are_logged) {
    Answer r;
    r.record.session_outcome = "flow-changed";
    r.record.conversation_state = "ask name";
    r.record.note = "state ask: message cut to 1600 characters";
    BOOST_TEST(format_log_line(r, kStamp, 9) == "2026-11-25T16:00:00Z status=200 us=9 session=flow-changed state=ask?name "
                                                "note=\"state ask: message cut to 1600 characters\"\n");
}

BOOST_AUTO_TEST_CASE(a_flows_calls_are_logged_by_name_method_host_status_and_time) {
    using std::chrono::milliseconds;
    Answer r;
    r.record.conversation_state = "ask";
    r.record.calls = {{"lookup", "GET", "api.example.com", "200", milliseconds(83)},
               {"save", "POST", "127.0.0.1:8080", "timeout", milliseconds(5000)}};
    BOOST_TEST(format_log_line(r, kStamp, 9) ==
               "2026-11-25T16:00:00Z status=200 us=9 state=ask "
               "calls=\"lookup GET api.example.com 200 83ms; save POST 127.0.0.1:8080 timeout 5000ms\"\n");
}

BOOST_AUTO_TEST_CASE(lines_are_appended_to_what_the_buffer_holds) {
    std::string lines = "earlier line\n";
    sms::append_log_line(lines, Answer{}, kStamp, 3);
    BOOST_TEST(lines == "earlier line\n2026-11-25T16:00:00Z status=200 us=3\n");
}

BOOST_AUTO_TEST_CASE(times_are_utc_calendar_dates) {
    BOOST_TEST(format_log_line(Answer{}, 951782399, 0).substr(0, 20) == "2000-02-28T23:59:59Z");
    BOOST_TEST(format_log_line(Answer{}, 951782400 + 86399, 0).substr(0, 20) == "2000-02-29T23:59:59Z");
    BOOST_TEST(format_log_line(Answer{}, 4102444800, 0).substr(0, 20) == "2100-01-01T00:00:00Z");
    BOOST_TEST(format_log_line(Answer{}, 253402300799, 0).substr(0, 20) == "9999-12-31T23:59:59Z");
}

BOOST_AUTO_TEST_CASE(error_line_is_byte_exact) {
    const Answer r = sms::error_answer(400, "missing From parameter");
    BOOST_TEST(format_log_line(r, kStamp, 5) == "2026-11-25T16:00:00Z status=400 us=5 error=\"missing From parameter\"\n");
}

BOOST_AUTO_TEST_CASE(hostile_values_stay_on_one_line) {
    Answer r;
    r.response.status = 400;
    r.record.session_outcome = "new";
    r.record.message_sid = "SM1\nstatus=200 \"x\"\r\t\x01\x7f\xc3\xa9" + std::string(1000, 'A');
    r.record.from_masked = "+1\n2 3\"4";
    r.record.error = "bad\n\"quoted\"\r\x1b[31mred";
    const std::string line = format_log_line(r, kStamp, 7);
    check_single_line(line);

    const std::vector<std::string> fields = fields_of(line);
    BOOST_REQUIRE(fields.size() == 6u);
    BOOST_TEST(fields[1] == "status=400");
    BOOST_TEST(fields[2] == "us=7");
    BOOST_TEST(fields[3] == "session=new");
    BOOST_TEST(fields[4] == "sid=SM1?status=200?" "?x???????" + std::string(64 - 24, 'A') + "...");
    BOOST_TEST(fields[5] == "from=+1?2?3?4");
    BOOST_TEST(line.substr(line.find(" error=")) == " error=\"bad??quoted???[31mred\"\n");
}

BOOST_AUTO_TEST_CASE(long_sid_is_cut) {
    Answer r;
    r.record.message_sid = std::string(64, 'S');
    BOOST_TEST(fields_of(format_log_line(r, kStamp, 1)).at(3) == "sid=" + std::string(64, 'S'));
    r.record.message_sid.push_back('S');
    BOOST_TEST(fields_of(format_log_line(r, kStamp, 1)).at(3) == "sid=" + std::string(64, 'S') + "...");
}

BOOST_AUTO_TEST_CASE(log_line_never_holds_cookie_body_or_number) {
    sms::Config config;
    config.session_secret = sms::test::kSecretA;
    const sms::Handler handler =
        std::get<sms::Handler>(sms::Handler::from_config(std::move(config), sms::make_conversation("counter")));
    const std::string body = "From=%2B14155552671&Body=PRIVATE-MESSAGE-TEXT&MessageSid=SM1";
    const std::string length = std::to_string(body.size());
    sms::Request request;
    request.method = "POST";
    request.content_type = "application/x-www-form-urlencoded";
    request.content_length = length;
    request.body = body;
    request.now = kStamp;
    const Answer first = handler.handle(request);
    BOOST_REQUIRE(first.response.status == 200);

    const std::string cookie = first.response.set_cookie.substr(0, first.response.set_cookie.find(';'));
    request.cookie = cookie;
    for (const Answer& r : {first, handler.handle(request)}) {
        const std::string line = format_log_line(r, kStamp, 1);
        check_single_line(line);
        BOOST_TEST(line.find(cookie.substr(cookie.find('=') + 1)) == std::string::npos);
        BOOST_TEST(line.find("PRIVATE-MESSAGE-TEXT") == std::string::npos);
        BOOST_TEST(line.find("4155552671") == std::string::npos);
        BOOST_TEST(line.find("Hello") == std::string::npos); // the reply body
        BOOST_TEST(line.find("from=+1415***2671") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
