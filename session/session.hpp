// A conversation's state: what the conversation code keeps between messages,
// plus the bookkeeping the codec needs (times, the last message answered).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "session/message_id.hpp"

namespace sms {

class Session {
public:
    using Value = std::variant<std::int64_t, std::string>;

    // The conversation's data: a small map from string keys to values.
    const Value* get(std::string_view key) const;
    std::optional<std::int64_t> get_int(std::string_view key) const;
    std::optional<std::string_view> get_string(std::string_view key) const;
    void set(std::string_view key, Value value);
    // Adds `delta` to the integer under `key` (absent or a string counts as
    // 0) and returns the result, which stops at the int64 range's ends: a
    // count signed into a cookie at the maximum stays there, never wraps.
    std::int64_t add(std::string_view key, std::int64_t delta);
    bool erase(std::string_view key);
    void clear();
    bool empty() const { return entries_.empty(); }
    // Sorted by key; the codec writes them in this order.
    const std::vector<std::pair<std::string, Value>>& entries() const { return entries_; }

    std::int64_t started = 0;   // Unix seconds of the first message
    std::int64_t last_seen = 0; // Unix seconds of the latest message

    // The last message answered: the same MessageSid again, with this
    // session, was already answered and counted (see handler.cpp).
    MessageId last_message;

    bool operator==(const Session&) const = default;

private:
    std::vector<std::pair<std::string, Value>> entries_;
};

} // namespace sms
