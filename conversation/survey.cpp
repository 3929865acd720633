#include "conversation/survey.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "text/ascii.hpp"
#include "text/utf8.hpp"

namespace sms {

namespace {

// Where the sender is; kept in the session under "survey_step". A fresh
// session has no step, which reads as not_started.
enum Step : std::int64_t { not_started = 0, asked_name = 1, asked_rating = 2, complete = 3 };

// Names are stored in the cookie, which holds at most 4 KiB; a long name is
// cut so that the session always fits.
constexpr std::size_t kMaxNameBytes = 64;

// Only a single digit 1-5 counts: "3.5", "03" and "three" are asked again.
std::optional<std::int64_t> parse_rating(std::string_view answer) {
    if (answer.size() != 1 || answer[0] < '1' || answer[0] > '5') return std::nullopt;
    return answer[0] - '0';
}

} // namespace

ConversationOutcome SurveyConversation::respond(const InboundMessage& message, Session& session,
                                                twiml::MessagingResponse& reply) const {
    const std::string_view answer = text::trim(message.body);
    if (text::equals_ignoring_case(answer, "RESTART")) session.clear();

    switch (session.get_int("survey_step").value_or(not_started)) {
    case asked_name: {
        if (answer.empty()) {
            reply.message("Please tell me your name.");
            return {};
        }
        const std::string name(text::utf8_cut(answer, kMaxNameBytes)); // stays valid UTF-8
        session.set("name", name);
        session.set("survey_step", asked_rating);
        reply.message("Thanks, " + name + ". How would you rate us from 1 to 5?");
        return {};
    }
    case asked_rating: {
        const auto rating = parse_rating(answer);
        if (!rating) {
            reply.message("Please answer with a whole number from 1 to 5.");
            return {};
        }
        session.set("rating", *rating);
        session.set("survey_step", complete);
        const std::string name(session.get_string("name").value_or("friend"));
        reply.message("Thank you, " + name + "! You rated us " + std::to_string(*rating) + " out of 5.");
        return {};
    }
    case complete:
        reply.message("Your survey is complete. Text RESTART to take it again.");
        return {};
    default:
        session.set("survey_step", asked_name);
        reply.message("Hi! Two quick questions. First, what is your name?");
        return {};
    }
}

} // namespace sms
