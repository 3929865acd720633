// The Handler the fuzz targets answer with: the counter conversation, signed
// sessions, default limits.
#pragma once

#include "conversation/conversation.hpp"
#include "handler/handler.hpp"

namespace sms::fuzz {

inline const Handler& counter_handler() {
    static const Handler instance = [] {
        const char* env[] = {"SMS_SESSION_SECRET=fuzzing-secret-0123456789abcdef0123456789", nullptr};
        Config config = std::get<Config>(load_config(env, {}));
        return std::get<Handler>(Handler::from_config(std::move(config), make_conversation("counter")));
    }();
    return instance;
}

} // namespace sms::fuzz
