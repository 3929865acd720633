// A Response turned into what the metrics count: indexes into the label
// tables of metrics/labels.hpp.
#pragma once

#include "metrics/plugin_interface.hpp"
#include "request/request.hpp"

namespace sms::metrics {

SmsMetricsRequest request_sample(const Response& response, double seconds);

} // namespace sms::metrics
