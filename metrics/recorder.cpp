#include "metrics/recorder.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <climits>

#include "metrics/request_sample.hpp"

namespace sms::metrics {

namespace {

constexpr std::string_view kPluginName = "sms_fcgi-metrics.so";

std::string executable_directory() {
    char path[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return ".";
    const std::string executable(path, static_cast<std::size_t>(n));
    return executable.substr(0, executable.rfind('/'));
}

} // namespace

std::variant<Recorder, std::string> Recorder::start(const Settings& settings) {
    const std::string directory = executable_directory();
    const std::string candidates[] = {directory + "/" + std::string(kPluginName),
                                      directory + "/../lib/sms_fcgi/" + std::string(kPluginName)};
    void* library = nullptr;
    std::string tried;
    for (const auto& candidate : candidates) {
        if (::access(candidate.c_str(), F_OK) != 0) {
            tried += (tried.empty() ? "" : ", ") + candidate;
            continue;
        }
        library = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library == nullptr) return std::string("cannot load the metrics plugin: ") + ::dlerror();
        break;
    }
    if (library == nullptr) return "metrics plugin not found (looked for " + tried + ")";
    auto start = reinterpret_cast<SmsMetricsStart>(::dlsym(library, "sms_metrics_start"));
    if (start == nullptr) return "the metrics plugin has no sms_metrics_start";

    const SmsMetricsSettings plugin_settings{settings.listen.c_str(), settings.version.c_str(),
                                             settings.commit.c_str(), settings.accept_threads};
    SmsMetricsRecorder plugin{};
    char error[256] = "";
    if (start(&plugin_settings, &plugin, error, sizeof error) != 0) return std::string(error);
    return Recorder(plugin);
}

void Recorder::request_finished(const Response& response, double seconds) const {
    const SmsMetricsRequest sample = request_sample(response, seconds);
    plugin_.request_finished(plugin_.state, &sample);
    if (auto type = opt_out_type(response)) opt_out(*type);
    for (const auto& call : response.calls) {
        plugin_.flow_call(plugin_.state, call_outcome(call), std::chrono::duration<double>(call.elapsed).count());
    }
}

} // namespace sms::metrics
