// An Answer turned into what the metrics count: indexes into the label
// tables of metrics/labels.hpp.
#pragma once

#include <optional>

#include "metrics/labels.hpp"
#include "metrics/plugin_interface.hpp"
#include "handler/answer.hpp"

namespace sms::metrics {

SmsMetricsRequest request_sample(const Answer& answer, double seconds);

// A flow call's outcome, as an index into kCallOutcomes.
unsigned call_outcome(const CallRecord& call);

// The opt-out event an answer was, if any (its session outcome says).
std::optional<OptOutType> opt_out_type(const AccessRecord& record);

} // namespace sms::metrics
