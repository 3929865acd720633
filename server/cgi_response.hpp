// A Response as CGI (and FastCGI) output: the Status line, the headers and
// the body, as web servers read them from a CGI program.
#pragma once

#include <string>
#include <string_view>

#include "handler/answer.hpp"

namespace sms {

// Appends the response bytes to `out`: Status and headers, a blank line, the
// body. (Appends, so that a server loop reuses one buffer.)
void render_cgi_response(const Response& response, std::string& out);

std::string_view status_reason(int status);

} // namespace sms
