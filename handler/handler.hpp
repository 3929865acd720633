// The request handler: a pure function from a Request value to an Answer
// value (the Response, and the record the log and metrics keep). It reads no environment, touches no socket and keeps no state
// between calls, so any number of threads may call handle() at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "handler/answer.hpp"
#include "handler/head_check.hpp"
#include "request/cookie_header.hpp"
#include "request/request.hpp"
#include "session/codec.hpp"
#include "signature/twilio_signature.hpp"

namespace sms {

class Handler {
public:
    // The one way to make a Handler: the keys derived from the settings'
    // secrets (session_secret, previous_secrets, the auth tokens), which are
    // then wiped; it keeps the handler settings and nothing of the process's.
    // Or why the secrets cannot be used.
    static std::variant<Handler, std::string> from_config(Config config, std::unique_ptr<Conversation> conversation);

    Answer handle(const Request& request) const;
    // The same for a request whose head the server already checked (to
    // know whether to read its body): the check is not made again.
    Answer handle(const Request& request, const HeadCheck& head) const;

    const HandlerSettings& settings() const { return settings_; }
    const SessionCodec& codec() const { return codec_; }

private:
    RestoredSession restore(const FoundCookie& cookie, const ConversationPair& pair, std::int64_t now) const;
    Answer answer_keyword(OptOutKeyword keyword, const FoundCookie& cookie, const ConversationPair& pair,
                          const Request& request, Answer answer) const;

    Handler(HandlerSettings settings, KeyRing keys, SignatureValidator signatures,
            std::unique_ptr<Conversation> conversation);

    HandlerSettings settings_;
    SessionCodec codec_;
    SignatureValidator signatures_;
    std::unique_ptr<Conversation> conversation_;
};

} // namespace sms
