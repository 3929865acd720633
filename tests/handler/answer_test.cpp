#include "handler/answer.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(answer)

BOOST_AUTO_TEST_CASE(an_error_answer_is_one_plain_text_line_and_its_record_keeps_why) {
    const sms::Answer answer = sms::error_answer(400, "missing From parameter");
    BOOST_TEST(answer.response.status == 400);
    BOOST_TEST(answer.response.content_type == "text/plain; charset=utf-8");
    BOOST_TEST(answer.response.body == "missing From parameter\n");
    BOOST_TEST(answer.response.allow.empty());
    BOOST_TEST(answer.response.set_cookie.empty());
    BOOST_TEST(answer.record.error == "missing From parameter");
    BOOST_TEST(answer.record.session_outcome.empty());
}

BOOST_AUTO_TEST_SUITE_END()
