// What every Answer of the handler must be, whichever conversation gave it:
// the rules the handler fuzz targets abort on.
#pragma once

#include "handler/answer.hpp"

namespace sms::fuzz {

// A success's cookie follows its outcome: a duplicate changes nothing (no
// cookie), HELP re-issues only a cookie that verified (so perhaps none),
// every other success sets one.
inline bool cookie_follows_outcome(const Answer& answer) {
    const bool cookie_set = !answer.response.set_cookie.empty();
    if (answer.record.session_outcome == "duplicate") return !cookie_set;
    return cookie_set || answer.record.session_outcome == "help";
}

// An error sets no cookie and says what went wrong.
inline bool error_is_explained(const Answer& answer) {
    return answer.response.set_cookie.empty() && !answer.response.body.empty();
}

} // namespace sms::fuzz
