// Runs N requests of one scenario through the pure handler, for callgrind:
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*handle_requests*'
//            handler_driver returning 10000
// counts only the instructions of the N requests (not the set-up), so Ir / N
// is the instructions per request, repeatable on a busy machine. Without
// valgrind it checks that every scenario answers 200 (bench-smoke).
//
// usage: handler_driver SCENARIO|all N
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bench/fixtures.hpp"

namespace {

// Out of line, so that callgrind can collect exactly this function's costs.
[[gnu::noinline]] long handle_requests(const sms::Handler& handler, const sms::Request& request, long requests) {
    long failed = 0;
    for (long i = 0; i < requests; ++i) failed += handler.handle(request).response.status != 200;
    return failed;
}

bool run(sms::bench::Scenario scenario, long requests) {
    const auto fixture = sms::bench::make_fixture(scenario);
    const std::string name(sms::bench::scenario_name(scenario));
    if (long failed = handle_requests(fixture->handler, fixture->request(), requests); failed != 0) {
        std::fprintf(stderr, "handler_driver: %s: %ld of %ld requests failed\n", name.c_str(), failed, requests);
        return false;
    }
    std::printf("%s: %ld requests\n", name.c_str(), requests);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: handler_driver SCENARIO|all N\n");
        return 2;
    }
    const std::string_view wanted = argv[1];
    const long requests = std::atol(argv[2]);
    bool known = false, ok = true;
    for (auto scenario : sms::bench::kScenarios) {
        if (wanted != "all" && wanted != sms::bench::scenario_name(scenario)) continue;
        known = true;
        ok = run(scenario, requests) && ok;
    }
    if (!known) std::fprintf(stderr, "handler_driver: unknown scenario '%s'\n", argv[1]);
    return known && ok ? 0 : 1;
}
