#include "metrics/request_sample.hpp"

#include <algorithm>

#include "metrics/labels.hpp"

namespace sms::metrics {

namespace {

// The position of `value` in `table`, or the table's size when absent.
template <typename Table, typename Value>
unsigned index_in(const Table& table, const Value& value) {
    return static_cast<unsigned>(std::find(table.begin(), table.end(), value) - table.begin());
}

} // namespace

SmsMetricsRequest request_sample(const Answer& answer, double seconds) {
    SmsMetricsRequest sample{};
    sample.status = index_in(kStatuses, answer.response.status);
    sample.session_outcome = index_in(kSessionOutcomes, answer.record.session_outcome);
    switch (answer.record.signature_failure) {
    case SignatureFailure::none: sample.signature_failure = kSignatureFailures.size(); break;
    case SignatureFailure::missing: sample.signature_failure = 0; break;
    case SignatureFailure::invalid: sample.signature_failure = 1; break;
    }
    sample.seconds = seconds;
    return sample;
}

unsigned call_outcome(const CallRecord& call) {
    const std::string_view status = call.status;
    const bool http_status = status.size() == 3 && status.find_first_not_of("0123456789") == std::string_view::npos;
    if (http_status) return status[0] >= '2' && status[0] <= '5' ? static_cast<unsigned>(status[0] - '2') : 4;
    const unsigned index = index_in(kCallOutcomes, status);
    return index < kCallOutcomes.size() ? index : index_in(kCallOutcomes, std::string_view("failed"));
}

std::optional<OptOutType> opt_out_type(const AccessRecord& record) {
    if (record.session_outcome == "opt-out") return OptOutType::stop;
    if (record.session_outcome == "opt-in") return OptOutType::start;
    if (record.session_outcome == "help") return OptOutType::help;
    return std::nullopt;
}

} // namespace sms::metrics
