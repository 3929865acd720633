#include "conversation/conversation.hpp"
#include "conversation/counter.hpp"
#include "conversation/survey.hpp"

namespace sms {

namespace {

struct Entry {
    std::string_view name;
    std::unique_ptr<Conversation> (*make)();
};

template <typename T>
std::unique_ptr<Conversation> make() {
    return std::make_unique<T>();
}

constexpr Entry kConversations[] = {
    {"counter", &make<CounterConversation>},
    {"survey", &make<SurveyConversation>},
};

} // namespace

std::unique_ptr<Conversation> make_conversation(std::string_view name) {
    for (const auto& entry : kConversations) {
        if (entry.name == name) return entry.make();
    }
    return nullptr;
}

std::vector<std::string_view> conversation_names() {
    std::vector<std::string_view> names;
    for (const auto& entry : kConversations) names.push_back(entry.name);
    return names;
}

} // namespace sms
