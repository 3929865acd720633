// load_config over "NAME=value" strings, as a process environment holds them.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace sms::test {

inline std::variant<Config, std::string> load_environment(const std::vector<std::string>& environment,
                                                          const std::vector<std::string_view>& flags = {}) {
    std::vector<const char*> envp;
    for (const auto& entry : environment) envp.push_back(entry.c_str());
    envp.push_back(nullptr);
    return load_config(envp.data(), flags);
}

} // namespace sms::test
