// The request handler: a pure function from a Request value to a Response
// value. It reads no environment, touches no socket and keeps no state
// between calls, so any number of threads may call handle() at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "request/cookie_header.hpp"
#include "request/request.hpp"
#include "session/codec.hpp"
#include "signature/twilio_signature.hpp"

namespace sms {

// The checks that need no body: method, Content-Type, Content-Length, and
// for a POST the limits of its query string.
// The server loop reads `body_length` bytes only when `error` is empty, so a
// body over the limit is never buffered.
struct HeadCheck {
    std::optional<Response> error;
    std::size_t body_length = 0;
};
HeadCheck check_head(const Request& request, const Config& config);

class Handler {
public:
    Handler(Config config, KeyRing keys, std::unique_ptr<Conversation> conversation);

    Response handle(const Request& request) const;

    const Config& config() const { return config_; }
    const SessionCodec& codec() const { return codec_; }

private:
    RestoredSession restore(const FoundCookie& cookie, const ConversationPair& pair, std::int64_t now) const;
    Response answer_keyword(OptOutKeyword keyword, const FoundCookie& cookie, const ConversationPair& pair,
                            const Request& request, Response response) const;

    Config config_;
    SessionCodec codec_;
    SignatureValidator signatures_;
    std::unique_ptr<Conversation> conversation_;
};

} // namespace sms
