// The label values of every labelled metric, shared by the server (which
// turns a Response into indexes into these tables) and the metrics plugin
// (which creates one time series per entry at start-up). Indexes, not
// strings, cross from one to the other, so counting a request looks nothing up.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace sms::metrics {

// Every status the handler answers with (request/response.cpp); any other
// is counted under the label "other".
inline constexpr std::array<int, 10> kStatuses{200, 400, 403, 405, 411, 413, 415, 431, 500, 503};

// Response::session_outcome: the RestoreOutcome descriptions (session/codec.cpp),
// "duplicate", the opt-out keywords' outcomes (handler/opt_out.cpp), and a
// flow's "flow-changed" (flow/flow_conversation.cpp).
inline constexpr std::array<std::string_view, 16> kSessionOutcomes{
    "new",
    "restored",
    "rotated",
    "duplicate",
    "rejected:malformed",
    "rejected:bad-mac",
    "rejected:expired",
    "rejected:future",
    "rejected:unknown-version",
    "rejected:wrong-mode",
    "rejected:ambiguous",
    "rejected:other-pair",
    "opt-out",
    "opt-in",
    "help",
    "flow-changed",
};

// SignatureFailure::missing and ::invalid, in that order.
inline constexpr std::array<std::string_view, 2> kSignatureFailures{"missing", "invalid"};

// The opt-out keywords a sender may text.
inline constexpr std::array<std::string_view, 3> kOptOutTypes{"STOP", "START", "HELP"};
enum class OptOutType : unsigned char { stop, start, help };

// A flow's HTTP call (CallRecord::status): its HTTP status by class, or
// why no answer counted (flow/call_result.hpp, flow/flow_conversation.cpp).
inline constexpr std::array<std::string_view, 12> kCallOutcomes{
    "2xx", "3xx", "4xx", "5xx", "other-status", "timeout", "refused", "unresolved", "tls", "too-large", "budget", "failed",
};

// Upper bounds of a flow's call duration histogram, in seconds: up to
// Studio's 10-second limit.
inline constexpr std::array<double, 11> kCallDurationBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

// Upper bounds of the request duration histogram, in seconds: the handler
// takes microseconds, a request a few hundred of them end to end.
inline constexpr std::array<double, 12> kDurationBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                         0.01,   0.025,   0.05,   0.1,   0.25,   1.0};

} // namespace sms::metrics
