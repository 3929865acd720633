// The in-process benchmarks: `build/<config>/micro_bench` (Google Benchmark
// flags apply, e.g. --benchmark_filter=handle). Each reports ns per request
// and "allocs", heap allocations per request.
#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench/micro/heap_count.hpp"

int main(int argc, char** argv) {
    if (!sms::bench::count_openssl_allocations()) {
        std::fprintf(stderr, "micro_bench: OpenSSL allocated before its hooks were installed\n");
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
