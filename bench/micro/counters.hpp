// Per-request counters shared by the benchmark files.
#pragma once

#include <benchmark/benchmark.h>

#include "bench/micro/heap_count.hpp"

namespace sms::bench {

// Reports "allocs" as heap allocations per iteration since `before`.
inline void report_allocations(benchmark::State& state, std::uint64_t before) {
    state.counters["allocs"] =
        benchmark::Counter(static_cast<double>(heap_allocations() - before), benchmark::Counter::kAvgIterations);
}

} // namespace sms::bench
