// `sms_fcgi liquid TEMPLATE [--data FILE.json]`: renders one template with
// the given objects, the way a flow would; for debugging templates and for
// checking the engine against any Liquid corpus.
#pragma once

#include <string_view>
#include <vector>

namespace sms {

// 0 rendered, 1 a render limit stopped it, 2 bad usage, data or template.
int run_liquid(const std::vector<std::string_view>& args);

// The liquid lines of --help.
std::string_view liquid_usage();

} // namespace sms
