// The pure handler, one request per iteration, for each scenario, and the
// worst forged request next to them.
#include <benchmark/benchmark.h>

#include <ctime>
#include <memory>
#include <string>

#include "request/form.hpp"
#include "signature/twilio_signature.hpp"

#include "bench/micro/counters.hpp"
#include "bench/fixtures.hpp"

namespace sms::bench {

namespace {

void handle(benchmark::State& state, Scenario scenario) {
    const auto fixture = make_fixture(scenario);
    const Request request = fixture->request();
    const Answer first = fixture->handler.handle(request);
    const std::string_view expected = scenario == Scenario::new_sender ? "new" : "restored";
    if (first.response.status != 200 || first.record.session_outcome != expected) {
        state.SkipWithError("the fixture does not take the intended path");
        return;
    }
    const auto before = heap_allocations();
    for (auto _ : state) {
        Answer answer = fixture->handler.handle(request);
        benchmark::DoNotOptimize(answer);
    }
    report_allocations(state, before);
}

// The costliest forged request the limits let through: a POST whose URL
// query has max_params parameters (SMS_MAX_PARAMS) in the 8 KiB request line
// nginx accepts, with an X-Twilio-Signature that matches nothing, so that
// every retry twilio-node makes is made, re-encoding included: index keys
// to sort, repeated names to group, spaces to re-escape. No SMS_PUBLIC_URL,
// or the query would not be signed at all. Next to it, the same request
// signed as Twilio would sign it: what an honest request of that size costs.
struct MaxQueryRequest {
    std::string query, uri, form, length, signature;
    Request request;
};

std::unique_ptr<MaxQueryRequest> max_query_request(const Handler& handler, bool signed_validly) {
    auto out = std::make_unique<MaxQueryRequest>();
    for (std::size_t i = 0; i < handler.settings().form.max_params; ++i) {
        if (i > 0) out->query.push_back('&');
        out->query.append(i % 2 == 0 ? std::to_string(1000 - i) : "key" + std::to_string(i % 64));
        out->query.append("=a+b+c+d+e+f+g+h+i+j+kl");
    }
    out->uri = "/sms?" + out->query;
    out->form = std::string(webhook_form());
    out->length = std::to_string(out->form.size());
    Form params;
    if (parse_form(out->form, FormLimits{}, params) != FormError::none) return nullptr;
    out->signature = signed_validly ? compute_twilio_signature(kAuthToken, "https://sms.example.com" + out->uri, params)
                                    : "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    out->request = post(out->form, out->length, std::time(nullptr));
    out->request.query_string = out->query;
    out->request.request_uri = out->uri;
    out->request.host = "sms.example.com";
    out->request.https = "on";
    out->request.twilio_signature = out->signature;
    return out;
}

void signature_max_query(benchmark::State& state, bool signed_validly) {
    const Handler handler = make_handler({"TWILIO_AUTH_TOKEN=" + std::string(kAuthToken)});
    const auto fixture = max_query_request(handler, signed_validly);
    Request over = fixture->request;
    const std::string one_more = fixture->query + "&x";
    over.query_string = one_more;
    if (handler.handle(fixture->request).response.status != (signed_validly ? 200 : 403) || handler.handle(over).response.status != 413 ||
        fixture->uri.size() > 8000) {
        state.SkipWithError("the request is not the largest query the limits allow, signed as intended");
        return;
    }
    const auto before = heap_allocations();
    for (auto _ : state) {
        Answer answer = handler.handle(fixture->request);
        benchmark::DoNotOptimize(answer);
    }
    report_allocations(state, before);
}

BENCHMARK_CAPTURE(handle, returning, Scenario::returning);
BENCHMARK_CAPTURE(handle, new_sender, Scenario::new_sender);
BENCHMARK_CAPTURE(handle, encrypted, Scenario::encrypted);
BENCHMARK_CAPTURE(handle, signed, Scenario::signed_);
BENCHMARK_CAPTURE(handle, secure, Scenario::secure);
BENCHMARK_CAPTURE(signature_max_query, invalid, false);
BENCHMARK_CAPTURE(signature_max_query, valid, true);

} // namespace

} // namespace sms::bench
