// sms_fcgi-metrics.so: the metrics of one FastCGI process, kept with
// prometheus-cpp and served by its Exposer (civetweb) at /metrics. Every
// time series exists from start-up on, so counting a request is an index
// into an array and an atomic add (plus the histogram's own mutex).
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "metrics/labels.hpp"
#include "metrics/plugin/process_collector.hpp"
#include "metrics/plugin_interface.hpp"

namespace sms::metrics {

namespace {

template <std::size_t N>
using Counters = std::array<prometheus::Counter*, N>;

// One counter per label value of `values`, created now so that each is
// exported (at zero) before it first counts.
template <std::size_t N, typename Table, typename Format>
Counters<N> counters(prometheus::Family<prometheus::Counter>& family, const char* label, const Table& values,
                     Format format) {
    Counters<N> out{};
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = &family.Add({{label, format(values[i])}});
    return out;
}

std::string text(std::string_view value) { return std::string(value); }

class Metrics {
public:
    explicit Metrics(const SmsMetricsSettings& settings)
        : registry_(std::make_shared<prometheus::Registry>()),
          process_(std::make_shared<ProcessCollector>()),
          exposer_(settings.listen, 1) {
        auto& requests = prometheus::BuildCounter()
                             .Name("sms_fcgi_requests_total")
                             .Help("Requests answered, by HTTP status.")
                             .Register(*registry_);
        requests_ = counters<kStatuses.size() + 1>(requests, "status", kStatuses,
                                                   [](int status) { return std::to_string(status); });
        requests_[kStatuses.size()] = &requests.Add({{"status", "other"}});
        sessions_ = counters<kSessionOutcomes.size()>(prometheus::BuildCounter()
                                                          .Name("sms_fcgi_sessions_total")
                                                          .Help("Webhook requests by what became of their session cookie.")
                                                          .Register(*registry_),
                                                      "outcome", kSessionOutcomes, text);
        signature_failures_ = counters<kSignatureFailures.size()>(
            prometheus::BuildCounter()
                .Name("sms_fcgi_signature_failures_total")
                .Help("Requests refused for their X-Twilio-Signature: missing or invalid.")
                .Register(*registry_),
            "reason", kSignatureFailures, text);
        opt_outs_ = counters<kOptOutTypes.size()>(prometheus::BuildCounter()
                                                      .Name("sms_fcgi_opt_out_events_total")
                                                      .Help("Opt-out keywords received, by type.")
                                                      .Register(*registry_),
                                                  "type", kOptOutTypes, text);
        calls_ = counters<kCallOutcomes.size()>(prometheus::BuildCounter()
                                                    .Name("sms_fcgi_flow_calls_total")
                                                    .Help("HTTP calls of a flow's make-http-request and run-function "
                                                          "widgets, by outcome: status class or why no answer counted.")
                                                    .Register(*registry_),
                                                "outcome", kCallOutcomes, text);
        call_duration_ = &prometheus::BuildHistogram()
                              .Name("sms_fcgi_flow_call_duration_seconds")
                              .Help("Time a flow's HTTP call took, connecting included.")
                              .Register(*registry_)
                              .Add({}, prometheus::Histogram::BucketBoundaries(kCallDurationBuckets.begin(),
                                                                              kCallDurationBuckets.end()));
        duration_ = &prometheus::BuildHistogram()
                         .Name("sms_fcgi_request_duration_seconds")
                         .Help("Time from a request's arrival (whole) to its answer being handed to libfcgi.")
                         .Register(*registry_)
                         .Add({}, prometheus::Histogram::BucketBoundaries(kDurationBuckets.begin(), kDurationBuckets.end()));
        in_flight_ = &prometheus::BuildGauge()
                          .Name("sms_fcgi_requests_in_flight")
                          .Help("Requests being served now.")
                          .Register(*registry_)
                          .Add({});
        prometheus::BuildGauge()
            .Name("sms_fcgi_accept_threads")
            .Help("Accept loops (threads) of this process.")
            .Register(*registry_)
            .Add({})
            .Set(settings.accept_threads);
        prometheus::BuildGauge()
            .Name("sms_fcgi_build_info")
            .Help("Always 1; the labels say which build this process runs.")
            .Register(*registry_)
            .Add({{"version", settings.version}, {"commit", settings.commit}})
            .Set(1);
        exposer_.RegisterCollectable(registry_);
        exposer_.RegisterCollectable(process_);
    }

    void request_started() { in_flight_->Increment(); }

    void request_finished(const SmsMetricsRequest& request) {
        requests_[request.status < kStatuses.size() ? request.status : kStatuses.size()]->Increment();
        if (request.session_outcome < sessions_.size()) sessions_[request.session_outcome]->Increment();
        if (request.signature_failure < signature_failures_.size()) signature_failures_[request.signature_failure]->Increment();
        duration_->Observe(request.seconds);
        in_flight_->Decrement();
    }

    void opt_out(unsigned type) {
        if (type < opt_outs_.size()) opt_outs_[type]->Increment();
    }

    void flow_call(unsigned outcome, double seconds) {
        if (outcome < calls_.size()) calls_[outcome]->Increment();
        call_duration_->Observe(seconds);
    }

private:
    std::shared_ptr<prometheus::Registry> registry_;
    std::shared_ptr<ProcessCollector> process_;
    prometheus::Exposer exposer_; // one thread: a scrape every few seconds
    Counters<kStatuses.size() + 1> requests_{};
    Counters<kSessionOutcomes.size()> sessions_{};
    Counters<kSignatureFailures.size()> signature_failures_{};
    Counters<kOptOutTypes.size()> opt_outs_{};
    Counters<kCallOutcomes.size()> calls_{};
    prometheus::Histogram* call_duration_ = nullptr;
    prometheus::Histogram* duration_ = nullptr;
    prometheus::Gauge* in_flight_ = nullptr;
};

} // namespace

// Reachable until the process exits, which ends the endpoint with it. A
// void* outside the unnamed namespace, so that it has external linkage: a
// store nothing reads into an internal variable is optimized away, and
// LeakSanitizer then reports the endpoint as lost.
void* g_metrics = nullptr;

} // namespace sms::metrics

extern "C" int sms_metrics_start(const SmsMetricsSettings* settings, SmsMetricsRecorder* recorder, char* error,
                                 std::size_t error_size) {
    using sms::metrics::Metrics;
    try {
        sms::metrics::g_metrics = new Metrics(*settings);
    } catch (const std::exception& e) {
        std::snprintf(error, error_size, "cannot serve metrics on %s: %s", settings->listen, e.what());
        return -1;
    }
    recorder->state = sms::metrics::g_metrics;
    recorder->request_started = [](void* state) { static_cast<Metrics*>(state)->request_started(); };
    recorder->request_finished = [](void* state, const SmsMetricsRequest* request) {
        static_cast<Metrics*>(state)->request_finished(*request);
    };
    recorder->opt_out = [](void* state, unsigned type) { static_cast<Metrics*>(state)->opt_out(type); };
    recorder->flow_call = [](void* state, unsigned outcome, double seconds) {
        static_cast<Metrics*>(state)->flow_call(outcome, seconds);
    };
    return 0;
}
