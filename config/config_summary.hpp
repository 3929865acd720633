// What `sms_fcgi --test-config` (-t) prints. -t runs the start-up itself up
// to opening sockets (every setting, the secret files, the key ring, the
// conversation), so whatever a start checks, -t checks too; a flow file,
// once flows land, is one more step there and one more line here.
#pragma once

#include <string>

#include "config/config.hpp"

namespace sms {

// What -t checks beyond a start's own checks, which would only fail later
// (opening the socket): an error message, or "".
std::string check_before_serving(const ProcessSettings& process);

// A few lines saying what this configuration serves and how; never a secret,
// only where secrets come from and their lengths. `throwaway_secret`: --dev
// made the session secret up.
std::string config_summary(const Config& config, bool throwaway_secret);

} // namespace sms
