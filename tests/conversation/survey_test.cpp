#include "conversation/survey.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "tests/conversation/sender.hpp"

namespace sms {

namespace {

using test::reply_with;

const std::string kAskName = reply_with("Hi! Two quick questions. First, what is your name?");
const std::string kAskNameAgain = reply_with("Please tell me your name.");
const std::string kAskRatingAgain = reply_with("Please answer with a whole number from 1 to 5.");
const std::string kComplete = reply_with("Your survey is complete. Text RESTART to take it again.");

struct Sender : test::Sender<SurveyConversation> {
    // Walks to the rating question as `name`.
    void answer_name(std::string_view name) {
        send("hello");
        send(name);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(survey)

BOOST_AUTO_TEST_CASE(full_survey_thanks_the_sender_by_name) {
    Sender sender;
    BOOST_TEST(sender.send("hello") == kAskName);
    BOOST_TEST(sender.send("  Ada  ") == reply_with("Thanks, Ada. How would you rate us from 1 to 5?"));
    BOOST_TEST(sender.send("4") == reply_with("Thank you, Ada! You rated us 4 out of 5."));
    BOOST_TEST(sender.send("anything") == kComplete);
    BOOST_TEST(sender.send("5") == kComplete);
    BOOST_TEST(sender.session.get_string("name").value_or("") == "Ada");
    BOOST_TEST(sender.session.get_int("rating").value_or(0) == 4);
}

BOOST_AUTO_TEST_CASE(every_rating_from_one_to_five_is_accepted) {
    for (char digit = '1'; digit <= '5'; ++digit) {
        Sender sender;
        sender.answer_name("Bo");
        BOOST_TEST(sender.send(std::string(1, digit) + "\r\n") ==
                   reply_with("Thank you, Bo! You rated us " + std::string(1, digit) + " out of 5."));
    }
}

BOOST_AUTO_TEST_CASE(invalid_ratings_ask_again_and_keep_the_step) {
    for (std::string_view invalid : {"0", "6", "abc", "3.5", "", "   ", "03", "-1", "10", "４"}) {
        BOOST_TEST_CONTEXT("rating '" << invalid << "'") {
            Sender sender;
            sender.answer_name("Cy");
            BOOST_TEST(sender.send(invalid) == kAskRatingAgain);
            BOOST_TEST(sender.send(invalid) == kAskRatingAgain);
            BOOST_TEST(!sender.session.get_int("rating"));
            BOOST_TEST(sender.send("2") == reply_with("Thank you, Cy! You rated us 2 out of 5."));
        }
    }
}

BOOST_AUTO_TEST_CASE(an_empty_name_is_asked_again) {
    Sender sender;
    sender.send("hello");
    BOOST_TEST(sender.send("") == kAskNameAgain);
    BOOST_TEST(sender.send(" \t ") == kAskNameAgain);
    BOOST_TEST(sender.send("Di") == reply_with("Thanks, Di. How would you rate us from 1 to 5?"));
}

BOOST_AUTO_TEST_CASE(restart_starts_over_from_every_step) {
    for (int answered = 0; answered <= 3; ++answered) {
        BOOST_TEST_CONTEXT("after " << answered << " messages") {
            Sender sender;
            const std::string_view answers[] = {"hello", "Ed", "5"};
            for (int i = 0; i < answered; ++i) sender.send(answers[i]);
            BOOST_TEST(sender.send("RESTART") == kAskName);
            BOOST_TEST(!sender.session.get_string("name"));
            BOOST_TEST(!sender.session.get_int("rating"));
            BOOST_TEST(sender.send("Flo") == reply_with("Thanks, Flo. How would you rate us from 1 to 5?"));
        }
    }
}

BOOST_AUTO_TEST_CASE(restart_ignores_case_and_surrounding_space) {
    for (std::string_view restart : {"restart", " Restart\n", "\tRESTART "}) {
        Sender sender;
        sender.answer_name("Gil");
        BOOST_TEST(sender.send(restart) == kAskName);
    }
    Sender sender;
    sender.answer_name("Gil");
    BOOST_TEST(sender.send("RESTART now") == kAskRatingAgain);
}

BOOST_AUTO_TEST_CASE(names_are_escaped_in_the_reply) {
    Sender sender;
    sender.send("hello");
    BOOST_TEST(sender.send("<Al & Bo>") == reply_with("Thanks, &lt;Al &amp; Bo&gt;. How would you rate us from 1 to 5?"));
}

BOOST_AUTO_TEST_CASE(long_names_are_cut_at_a_character_boundary) {
    Sender sender;
    sender.send("hello");
    const std::string name = std::string(63, 'x') + "\xC3\xA9" + "tail"; // é straddles byte 64
    sender.send(name);
    BOOST_TEST(sender.session.get_string("name").value_or("") == std::string(63, 'x'));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms
