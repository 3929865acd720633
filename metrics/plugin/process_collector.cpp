#include "metrics/plugin/process_collector.hpp"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "metrics/plugin/proc_files.hpp"

namespace sms::metrics {

namespace {

std::string read_file(const char* path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

double open_fds() {
    DIR* directory = ::opendir("/proc/self/fd");
    if (directory == nullptr) return 0;
    double count = 0;
    while (const dirent* entry = ::readdir(directory)) {
        if (entry->d_name[0] != '.') ++count;
    }
    ::closedir(directory);
    return count - 1; // the descriptor of the directory being read
}

prometheus::MetricFamily gauge(const char* name, const char* help, double value) {
    prometheus::ClientMetric metric;
    metric.gauge.value = value;
    return {name, help, prometheus::MetricType::Gauge, {metric}};
}

} // namespace

ProcessCollector::ProcessCollector() {
    const auto started_ticks = stat_field(read_file("/proc/self/stat"), 22);
    const auto booted = boot_time(read_file("/proc/stat"));
    if (started_ticks && booted) {
        start_time_seconds_ = static_cast<double>(*booted) +
                              static_cast<double>(*started_ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
    const auto pages = resident_pages(read_file("/proc/self/statm"));
    return {
        gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", start_time_seconds_),
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
              static_cast<double>(pages.value_or(0)) * static_cast<double>(::sysconf(_SC_PAGESIZE))),
        gauge("process_open_fds", "Number of open file descriptors.", open_fds()),
    };
}

} // namespace sms::metrics
