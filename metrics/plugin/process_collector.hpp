// process_start_time_seconds, process_resident_memory_bytes and
// process_open_fds, as the Prometheus client libraries name them
// (prometheus-cpp 1.0 has no process collector). Read from /proc at each scrape.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace sms::metrics {

class ProcessCollector : public prometheus::Collectable {
public:
    ProcessCollector();
    std::vector<prometheus::MetricFamily> Collect() const override;

private:
    double start_time_seconds_ = 0; // fixed for the life of the process: read once
};

} // namespace sms::metrics
