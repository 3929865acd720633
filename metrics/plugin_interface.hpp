// What the server binary and the metrics plugin (sms_fcgi-metrics.so, loaded
// with dlopen only when a FastCGI process serves metrics) exchange: plain C
// types only. The plugin links prometheus-cpp and the shared libstdc++,
// while the server binary carries its own static libstdc++, so no C++
// object, allocation or exception may cross this line.
#pragma once

#include <cstddef>

extern "C" {

// One answered request, as indexes into the tables of metrics/labels.hpp;
// an index equal to the table's size means "none" (no session outcome, no
// signature failure).
struct SmsMetricsRequest {
    unsigned status;
    unsigned session_outcome;
    unsigned signature_failure;
    double seconds;
};

struct SmsMetricsSettings {
    const char* listen;  // HOST:PORT
    const char* version; // build info
    const char* commit;
    int accept_threads;
};

// Filled by sms_metrics_start. Each function is thread-safe and never throws.
struct SmsMetricsRecorder {
    void* state;
    void (*request_started)(void* state);
    void (*request_finished)(void* state, const SmsMetricsRequest* request);
    void (*opt_out)(void* state, unsigned type);
    void (*flow_call)(void* state, unsigned outcome, double seconds); // outcome: an index into kCallOutcomes
};

// Starts the /metrics endpoint. Returns 0, or -1 with a message in `error`.
// The endpoint lives until the process exits.
int sms_metrics_start(const SmsMetricsSettings* settings, SmsMetricsRecorder* recorder, char* error,
                      std::size_t error_size);
using SmsMetricsStart = decltype(&sms_metrics_start);

} // extern "C"
