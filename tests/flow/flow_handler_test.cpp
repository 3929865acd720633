// A flow behind the handler, as sms_fcgi serves it (SMS_FLOW): the cookie
// carries the execution from message to message, keywords come first.
#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/flow/flow_kit.hpp"
#include "tests/handler/handler_fixture.hpp"

namespace sms {

namespace {

using namespace test::handler_fixture;
using test::replies;

const std::string kQuestion = "Hi! You have an appointment tomorrow at 10:00. Reply YES to confirm, NO to cancel, "
                              "or a new time like 14:30 to move it.";

std::string with_body(std::string_view sid, std::string_view body) {
    return "From=%2B14155552671&To=%2B15005550006&Body=" + std::string(body) + "&MessageSid=" + std::string(sid);
}

} // namespace

BOOST_AUTO_TEST_SUITE(flow_handler)

BOOST_AUTO_TEST_CASE(the_cookie_carries_the_execution_and_the_log_names_the_state) {
    const Handler handler = make_handler({"SMS_FLOW=flows/appointment.json", "SMS_OPT_IN_KEYWORDS=START UNSTOP",
                                          "SMS_MAX_PARAM_BYTES=256"});
    const Answer first = post(handler, with_body("SM1", "hi"));
    BOOST_TEST(first.response.body == replies({kQuestion}));
    BOOST_TEST(first.record.conversation_state == "ask");
    BOOST_TEST(first.record.session_outcome == "new");
    const Answer second = post(handler, with_body("SM2", "yes"), returned_cookie(first), kNow + 60);
    BOOST_TEST(second.response.body == replies({"Thanks, see you tomorrow at 10:00!"}));
    BOOST_TEST(second.record.conversation_state == "confirmed");
    BOOST_TEST(second.record.session_outcome == "restored");
    // The same message again with the new cookie: already answered.
    BOOST_TEST(post(handler, with_body("SM2", "yes"), returned_cookie(second), kNow + 61).record.session_outcome == "duplicate");
}

BOOST_AUTO_TEST_CASE(with_yes_an_opt_in_keyword_the_answer_starts_the_flow_over) {
    const Handler handler = make_handler({"SMS_FLOW=flows/appointment.json", "SMS_MAX_PARAM_BYTES=256"});
    const Answer first = post(handler, with_body("SM1", "hi"));
    const Answer yes = post(handler, with_body("SM2", "yes"), returned_cookie(first), kNow + 60);
    BOOST_TEST(yes.record.session_outcome == "opt-in");
    BOOST_TEST(yes.response.body == replies({kQuestion}));
}

BOOST_AUTO_TEST_CASE(encrypted_cookies_carry_it_too) {
    const Handler handler = make_handler({"SMS_FLOW=flows/survey.json", "SMS_SESSION_ENCRYPT=1"});
    Answer r = post(handler, with_body("SM1", "hi"));
    BOOST_TEST(r.response.set_cookie.starts_with("sms_session=e2."));
    r = post(handler, with_body("SM2", "Ada"), returned_cookie(r), kNow + 1);
    BOOST_TEST(r.response.body == replies({"Thanks, Ada. How would you rate us from 1 to 5?"}));
    r = post(handler, with_body("SM3", "5"), returned_cookie(r), kNow + 2);
    BOOST_TEST(r.response.body == replies({"Thank you, Ada! You rated us 5 out of 5."}));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms
