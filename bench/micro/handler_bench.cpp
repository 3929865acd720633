// The pure handler, one request per iteration, for each scenario.
#include <benchmark/benchmark.h>

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

BENCHMARK_CAPTURE(handle, returning, Scenario::returning);
BENCHMARK_CAPTURE(handle, new_sender, Scenario::new_sender);
BENCHMARK_CAPTURE(handle, encrypted, Scenario::encrypted);
BENCHMARK_CAPTURE(handle, signed, Scenario::signed_);
BENCHMARK_CAPTURE(handle, secure, Scenario::secure);

} // namespace

} // namespace sms::bench
