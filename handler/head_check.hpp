// The checks of a request that need no body, made before the server reads it.
#pragma once

#include <cstddef>
#include <optional>

#include "config/config.hpp"
#include "handler/answer.hpp"
#include "request/request.hpp"

namespace sms {

// Method, Content-Type, Content-Length, and for a POST the limits of its
// query string. The server loop reads `body_length` bytes only when `error`
// is empty, so a body over the limit is never buffered.
struct HeadCheck {
    std::optional<Answer> error;
    std::size_t body_length = 0;
};
HeadCheck check_head(const Request& request, const HandlerSettings& settings);

} // namespace sms
