// `sms_fcgi simulate URL`: plays Twilio against a running deployment. It posts
// the webhook forms Twilio posts (signed when given the auth token), keeps and
// returns the cookie as Twilio does, and reports what Twilio would make of each
// answer, with Twilio's error codes. Messages come from stdin, or one from --body.
#pragma once

#include <string_view>
#include <vector>

namespace sms {

// 0 when every message was answered without an error, 1 otherwise, 2 for bad usage.
int run_simulate(const std::vector<std::string_view>& args, const char* const* environment);

// The simulate lines of --help.
std::string_view simulate_usage();

} // namespace sms
