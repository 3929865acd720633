#include "handler/handler.hpp"

#include <algorithm>

#include "handler/log_fields.hpp"
#include "handler/opt_out.hpp"
#include "request/cookie_header.hpp"
#include "request/form.hpp"
#include "signature/webhook_url.hpp"

namespace sms {

namespace {

std::vector<std::string> auth_tokens(const HandlerSettings& settings) {
    std::vector<std::string> tokens;
    if (settings.auth_token.empty()) return tokens;
    tokens.push_back(settings.auth_token);
    tokens.insert(tokens.end(), settings.previous_auth_tokens.begin(), settings.previous_auth_tokens.end());
    return tokens;
}

int form_error_status(FormError error) { return error == FormError::bad_escape ? 400 : 413; }

Answer signature_error(int status, std::string_view reason, SignatureFailure failure) {
    Answer answer = error_answer(status, reason);
    answer.record.signature_failure = failure;
    return answer;
}

Answer ping_answer() {
    Answer answer;
    answer.response.content_type = "text/plain";
    answer.response.body = "pong\n";
    return answer;
}

std::string_view path_of(std::string_view request_uri) { return request_uri.substr(0, request_uri.find('?')); }

} // namespace

std::variant<Handler, std::string> Handler::from_config(Config config, std::unique_ptr<Conversation> conversation) {
    auto keys = KeyRing::from_secrets(config.session_secret, config.previous_secrets);
    SignatureValidator signatures(auth_tokens(config.handler));
    wipe_secrets(config); // the keys and the validator hold all they need
    if (auto* error = std::get_if<std::string>(&keys)) return std::move(*error);
    return Handler(std::move(config.handler), std::get<KeyRing>(std::move(keys)), std::move(signatures),
                   std::move(conversation));
}

Handler::Handler(HandlerSettings settings, KeyRing keys, SignatureValidator signatures,
                 std::unique_ptr<Conversation> conversation)
    : settings_(std::move(settings)),
      codec_(std::move(keys), settings_.session),
      signatures_(std::move(signatures)),
      conversation_(std::move(conversation)) {}

Answer Handler::handle(const Request& request) const { return handle(request, check_head(request, settings_)); }

Answer Handler::handle(const Request& request, const HeadCheck& head) const {
    // The health check answers here, before any other check, rather than in
    // the server loop: it is a function of the request like every other
    // answer, so CGI and FastCGI give the same one and the unit tests see it.
    if (!settings_.ping_path.empty() && path_of(request.request_uri) == settings_.ping_path) return ping_answer();

    if (head.error) return *head.error;

    std::string_view form_text = request.query_string;
    if (request.method == "POST") {
        if (request.body.size() < head.body_length) return error_answer(400, "request body shorter than Content-Length");
        form_text = request.body.substr(0, head.body_length);
    }

    FoundCookie cookie;
    if (auto e = find_cookie(request.cookie, request.more_cookies, settings_.session.cookie_name, settings_.cookies, cookie);
        e != CookieError::none) {
        return error_answer(431, describe(e));
    }

    // Per-thread, so that its buffers' capacity is reused: parsing a form
    // of the usual size allocates nothing. Nothing keeps a view into it
    // after this call returns.
    thread_local Form form;
    if (auto e = parse_form(form_text, settings_.form, form); e != FormError::none) {
        return error_answer(form_error_status(e), describe(e));
    }
    if (signatures_.enabled()) {
        if (!request.twilio_signature) return signature_error(400, "missing X-Twilio-Signature", SignatureFailure::missing);
        const Form no_params;
        const std::string url = webhook_url(request, {settings_.public_url, settings_.trust_forwarded});
        if (!signatures_.valid(*request.twilio_signature, url, request.method == "POST" ? form : no_params)) {
            return signature_error(403, "invalid X-Twilio-Signature", SignatureFailure::invalid);
        }
    }

    const std::string_view from = form.find("From").value_or("");
    if (from.empty()) return error_answer(400, "missing From parameter");
    const InboundMessage message{from, form.find("To").value_or(""), form.find("Body").value_or(""),
                                 form.find("MessageSid").value_or(""), form, request.now};

    Answer answer;
    answer.record.message_sid = message.message_sid;
    answer.record.from_masked = mask_phone_number(message.from);
    const ConversationPair pair{message.from, message.to};
    const OptOutKeyword keyword = classify_opt_out(form, settings_.opt_out);
    if (keyword == OptOutKeyword::stop || keyword == OptOutKeyword::help) {
        return answer_keyword(keyword, cookie, pair, request, std::move(answer));
    }

    // Opting back in starts afresh, whatever the cookie held.
    RestoredSession restored = keyword == OptOutKeyword::start ? RestoredSession{} : restore(cookie, pair, request.now);
    Session& session = restored.session;
    answer.record.session_outcome = keyword == OptOutKeyword::start ? describe(keyword) : describe(restored.outcome);

    // A MessageSid this cookie already records was answered, and the cookie
    // that answer set has come back: the sender has the reply, so this one
    // is empty and changes nothing. (A retry after a lost answer carries the
    // cookie from before it, and is answered as the first attempt was.)
    const MessageId id = message_id(message.message_sid);
    if (id.kind != MessageId::none && session.last_message == id) {
        answer.record.session_outcome = "duplicate";
        answer.response.content_type = "text/xml";
        answer.response.body = twiml::MessagingResponse().to_string();
        return answer;
    }
    twiml::MessagingResponse reply;
    ConversationOutcome outcome = conversation_->respond(message, session, reply);
    answer.record.conversation_state = std::move(outcome.state);
    answer.record.note = std::move(outcome.note);
    answer.record.calls = std::move(outcome.calls);
    if (!outcome.session_outcome.empty()) answer.record.session_outcome = outcome.session_outcome;
    if (!outcome.failure.empty()) {
        // Nothing is stored: a retry meets the same session and fails the same way.
        Answer failed = error_answer(500, outcome.failure);
        answer.response = std::move(failed.response);
        answer.record.error = std::move(failed.record.error);
        answer.record.note.clear(); // it told of the reply, which is not sent
        return answer;
    }
    answer.response.body = std::move(reply).to_string();
    session.last_message = id;
    if (session.started == 0) session.started = request.now;
    session.last_seen = std::max(session.last_seen, request.now);

    auto set_cookie = codec_.set_cookie(session, pair, is_https(request));
    if (!set_cookie) return error_answer(500, "session too large for a cookie");
    answer.response.set_cookie = std::move(*set_cookie);
    answer.response.content_type = "text/xml";
    return answer;
}

// STOP ends the conversation: Twilio has confirmed it to the sender, so the
// answer is empty, and the cookie is deleted, so nothing the sender said is
// kept. HELP leaves the conversation as it was (only its idle time restarts).
// Two session cookies could be a stale one and a fresh one, or one planted
// by someone else: neither is believed.
RestoredSession Handler::restore(const FoundCookie& cookie, const ConversationPair& pair, std::int64_t now) const {
    if (cookie.ambiguous) return {{}, RestoreOutcome::ambiguous};
    return codec_.restore(cookie.value, pair, now);
}

Answer Handler::answer_keyword(OptOutKeyword keyword, const FoundCookie& cookie, const ConversationPair& pair,
                               const Request& request, Answer answer) const {
    answer.record.session_outcome = describe(keyword);
    answer.response.content_type = "text/xml";
    twiml::MessagingResponse reply;
    if (keyword == OptOutKeyword::stop) {
        answer.response.set_cookie = codec_.deleting_cookie(is_https(request));
    } else {
        if (!settings_.opt_out.help_reply.empty()) reply.message(settings_.opt_out.help_reply);
        RestoredSession restored = restore(cookie, pair, request.now);
        if (restored.outcome == RestoreOutcome::restored || restored.outcome == RestoreOutcome::rotated) {
            restored.session.last_seen = std::max(restored.session.last_seen, request.now);
            auto set_cookie = codec_.set_cookie(restored.session, pair, is_https(request));
            if (!set_cookie) return error_answer(500, "session too large for a cookie");
            answer.response.set_cookie = std::move(*set_cookie);
        }
    }
    answer.response.body = std::move(reply).to_string();
    return answer;
}

} // namespace sms
