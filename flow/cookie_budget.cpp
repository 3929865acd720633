#include "flow/cookie_budget.hpp"

#include <algorithm>
#include <limits>

#include "flow/flow_conversation.hpp"
#include "session/key_ring.hpp"

namespace sms::flow {

CookieBudget cookie_budget(const Flow& flow, const FlowLimits& limits, const SessionOptions& options) {
    CookieBudget budget;
    budget.limit = options.max_set_cookie_bytes;
    std::size_t longest_wait_name = 0;
    for (const auto& state : flow.states) {
        if (state.type == WidgetType::send_and_wait_for_reply) longest_wait_name = std::max(longest_wait_name, state.name.size());
    }
    budget.items.push_back({std::string(kWaitingStateKey), longest_wait_name});
    const auto add = [&](const std::vector<StoredField>& fields) {
        for (const auto& field : fields) budget.items.push_back({field.key, limits.max_stored_text_bytes});
    };
    add(flow.variables);
    add(flow.trigger_fields);
    for (const auto& fields : flow.inbound_fields) add(fields);
    // A call result keeps one more byte: the tag that says string or JSON.
    for (const auto& state : flow.states) {
        for (const auto& field : state.call.stored) budget.items.push_back({field.key, limits.max_stored_text_bytes + 1});
    }

    // The sizes follow from the codec itself: the largest session this flow
    // can make, encoded the way every answer's cookie is. The key does not
    // change a cookie's size.
    auto ring = KeyRing::from_secrets(std::string(KeyRing::kMinSecretBytes, 'k'), "");
    const SessionCodec codec(std::get<KeyRing>(std::move(ring)), options);
    constexpr std::int64_t kLatest = std::numeric_limits<std::int64_t>::max();
    Session worst;
    worst.started = 1;
    worst.last_seen = kLatest;
    worst.last_message = message_id("a MessageSid of any other form is kept as a digest, the largest id");
    for (const auto& item : budget.items) worst.set(item.key, std::string(item.max_value_bytes, 'x'));
    worst.set(kWaitStartedKey, kLatest);
    worst.set(kRevisionKey, static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max()));
    const ConversationPair pair{"", ""};
    const Session empty;
    const std::size_t attributes = codec.set_cookie(empty, pair, true).value_or("").size() - codec.encode(empty, pair).size();
    budget.worst_case_bytes = attributes + codec.encode(worst, pair).size();
    return budget;
}

std::string CookieBudget::describe() const {
    std::string out = "the cookie keeps";
    for (const auto& item : items) out += " " + item.key + " (" + std::to_string(item.max_value_bytes) + " bytes),";
    out += " its times and revision; at most " + std::to_string(worst_case_bytes) + " of " + std::to_string(limit) +
           " bytes of Set-Cookie";
    return out;
}

} // namespace sms::flow
