#include "request/request.hpp"

#include "text/ascii.hpp"

namespace sms {

bool is_https(const Request& request) {
    return text::equals_ignoring_case(request.https, "on");
}

} // namespace sms
