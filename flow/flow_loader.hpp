// Reads a Studio flow definition, as Studio's "Export to JSON" writes it or
// wrapped in the REST API's Flow resource ({"definition": {...}}), and
// compiles it (flow/flow.hpp). Every problem is reported at once, each as one
// line that names the state, its type and where it sits in the file.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "flow/flow.hpp"

namespace sms::flow {

struct LoadedFlow {
    Flow flow;
    // What loads but is probably not what the author meant: unreachable
    // states, a condition whose arguments differ from the split's input.
    std::vector<std::string> warnings;
};

// Studio keeps an execution at most 30 days; a longer wait is an error.
inline constexpr std::int64_t kMaxTimeoutSeconds = 30 * 24 * 3600;

// Called with the compiled flow just before its identity (sid, revision: the
// SHA-256 of the file) is computed, the loader's one use of OpenSSL: the
// server starts OpenSSL there, as lean as the flow allows
// (crypto/openssl_start.hpp); OpenSSL's first use would start it in full.
using BeforeFirstDigest = void (*)(const Flow& flow);

std::variant<LoadedFlow, std::vector<std::string>> load_flow(std::string_view json_text,
                                                             BeforeFirstDigest before_first_digest = nullptr);

} // namespace sms::flow
