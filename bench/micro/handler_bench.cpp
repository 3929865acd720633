// The pure handler, one request per iteration, for each scenario, and the
// worst forged request next to them.
#include <benchmark/benchmark.h>

#include <ctime>
#include <string>

#include "bench/micro/counters.hpp"
#include "bench/fixtures.hpp"

namespace sms::bench {

namespace {

void handle(benchmark::State& state, Scenario scenario) {
    const auto fixture = make_fixture(scenario);
    const Request request = fixture->request();
    const Response first = fixture->handler.handle(request);
    const std::string_view expected = scenario == Scenario::new_sender ? "new" : "restored";
    if (first.status != 200 || first.session_outcome != expected) {
        state.SkipWithError("the fixture does not take the intended path");
        return;
    }
    const auto before = heap_allocations();
    for (auto _ : state) {
        Response response = fixture->handler.handle(request);
        benchmark::DoNotOptimize(response);
    }
    report_allocations(state, before);
}

// The costliest forged request the limits let through: a POST whose URL
// query has max_params parameters (SMS_MAX_PARAMS) in the 8 KiB request line
// nginx accepts, with an X-Twilio-Signature that matches nothing, so that
// every retry twilio-node makes is made, re-encoding included: index keys
// to sort, repeated names to group, spaces to re-escape. No SMS_PUBLIC_URL,
// or the query would not be signed at all.
void invalid_signature_max_query(benchmark::State& state) {
    const Handler handler = make_handler({"TWILIO_AUTH_TOKEN=" + std::string(kAuthToken)});
    const std::size_t max_params = handler.config().form.max_params;
    std::string query;
    for (std::size_t i = 0; i < max_params; ++i) {
        if (i > 0) query.push_back('&');
        query.append(i % 2 == 0 ? std::to_string(1000 - i) : "key" + std::to_string(i % 64));
        query.append("=a+b+c+d+e+f+g+h+i+j+kl");
    }
    const std::string uri = "/sms?" + query;
    const std::string form(webhook_form());
    const std::string length = std::to_string(form.size());
    Request request = post(form, length, std::time(nullptr));
    request.query_string = query;
    request.request_uri = uri;
    request.host = "sms.example.com";
    request.https = "on";
    request.twilio_signature = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const std::string one_more = query + "&x";
    Request over = request;
    over.query_string = one_more;
    if (handler.handle(request).status != 403 || handler.handle(over).status != 413 || uri.size() > 8000) {
        state.SkipWithError("the request is not the largest forged query the limits allow");
        return;
    }
    const auto before = heap_allocations();
    for (auto _ : state) {
        Response response = handler.handle(request);
        benchmark::DoNotOptimize(response);
    }
    report_allocations(state, before);
}

BENCHMARK_CAPTURE(handle, returning, Scenario::returning);
BENCHMARK_CAPTURE(handle, new_sender, Scenario::new_sender);
BENCHMARK_CAPTURE(handle, encrypted, Scenario::encrypted);
BENCHMARK_CAPTURE(handle, signed, Scenario::signed_);
BENCHMARK_CAPTURE(handle, secure, Scenario::secure);
BENCHMARK(invalid_signature_max_query);

} // namespace

} // namespace sms::bench
