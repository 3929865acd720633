// The Handler the fuzz targets drive: the default configuration with a
// session secret and the counter conversation, built once.
#pragma once

#include "conversation/conversation.hpp"
#include "handler/handler.hpp"

namespace sms::fuzz {

inline const Handler& fuzz_handler() {
    static const Handler instance = [] {
        const char* env[] = {"SMS_SESSION_SECRET=fuzzing-secret-0123456789abcdef0123456789", nullptr};
        Config config = std::get<Config>(load_config(env, {}));
        auto ring = std::get<KeyRing>(KeyRing::from_secrets(config.session_secret, ""));
        return Handler(std::move(config), std::move(ring), make_conversation("counter"));
    }();
    return instance;
}

} // namespace sms::fuzz
