// The request handler: a pure function from a Request value to a Response
// value. It reads no environment, touches no socket and keeps no state
// between calls, so any number of threads may call handle() at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "config/config.hpp"
#include "conversation/conversation.hpp"
#include "handler/head_check.hpp"
#include "request/cookie_header.hpp"
#include "request/request.hpp"
#include "session/codec.hpp"
#include "signature/twilio_signature.hpp"

namespace sms {

class Handler {
public:
    // The one way to make a Handler: the keys derived from the settings'
    // secrets (session_secret, previous_secrets), which are then wiped from
    // the copy it keeps; or why the secrets cannot be used.
    static std::variant<Handler, std::string> from_config(Config config, std::unique_ptr<Conversation> conversation);

    Response handle(const Request& request) const;
    // The same for a request whose head the server already checked (to
    // know whether to read its body): the check is not made again.
    Response handle(const Request& request, const HeadCheck& head) const;

    const Config& config() const { return config_; }
    const SessionCodec& codec() const { return codec_; }

private:
    RestoredSession restore(const FoundCookie& cookie, const ConversationPair& pair, std::int64_t now) const;
    Response answer_keyword(OptOutKeyword keyword, const FoundCookie& cookie, const ConversationPair& pair,
                            const Request& request, Response response) const;

    Handler(Config config, KeyRing keys, std::unique_ptr<Conversation> conversation);

    Config config_;
    SessionCodec codec_;
    SignatureValidator signatures_;
    std::unique_ptr<Conversation> conversation_;
};

} // namespace sms
