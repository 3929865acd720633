#include "session/session.hpp"

#include <algorithm>
#include <limits>

namespace sms {

namespace {

template <typename Entries>
auto lower_bound_key(Entries& entries, std::string_view key) {
    return std::lower_bound(entries.begin(), entries.end(), key,
                            [](const auto& entry, std::string_view k) { return entry.first < k; });
}

} // namespace

const Session::Value* Session::get(std::string_view key) const {
    auto it = lower_bound_key(entries_, key);
    return it != entries_.end() && it->first == key ? &it->second : nullptr;
}

std::optional<std::int64_t> Session::get_int(std::string_view key) const {
    const Value* v = get(key);
    if (v == nullptr || !std::holds_alternative<std::int64_t>(*v)) return std::nullopt;
    return std::get<std::int64_t>(*v);
}

std::optional<std::string_view> Session::get_string(std::string_view key) const {
    const Value* v = get(key);
    if (v == nullptr || !std::holds_alternative<std::string>(*v)) return std::nullopt;
    return std::string_view(std::get<std::string>(*v));
}

void Session::set(std::string_view key, Value value) {
    auto it = lower_bound_key(entries_, key);
    if (it != entries_.end() && it->first == key) {
        it->second = std::move(value);
    } else {
        entries_.emplace(it, std::string(key), std::move(value));
    }
}

std::int64_t Session::add(std::string_view key, std::int64_t delta) {
    std::int64_t sum;
    if (__builtin_add_overflow(get_int(key).value_or(0), delta, &sum)) {
        sum = delta > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    }
    set(key, sum);
    return sum;
}

bool Session::erase(std::string_view key) {
    auto it = lower_bound_key(entries_, key);
    if (it == entries_.end() || it->first != key) return false;
    entries_.erase(it);
    return true;
}

void Session::clear() { entries_.clear(); }

} // namespace sms
