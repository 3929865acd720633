#include "devtools/webhook_verdict.hpp"

#include <cstdio>

#include "text/ascii.hpp"

namespace sms::devtools {

namespace {

// Twilio's titles for the codes used here (twilio.com/docs/api/errors).
std::string_view code_title(int code) {
    switch (code) {
    case 11200: return "HTTP retrieval failure";
    case 11205: return "HTTP connection failure";
    case 11210: return "HTTP bad host name";
    case 11215: return "HTTP too many redirects";
    case 11220: return "SSL/TLS Handshake Error";
    case 11750: return "TwiML response body too large";
    case 12100: return "Document parse failure";
    case 12102: return "The root element must be Response";
    case 12300: return "Invalid Content-Type";
    case 14103: return "Invalid Body";
    default: return "";
    }
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", seconds);
    return text;
}

std::string lower_media_type(std::string_view content_type) {
    return text::to_lower(text::trim(content_type.substr(0, content_type.find(';'))));
}

// ` "first line of the body"`, shortened, to say why a server refused; or nothing.
std::string first_line(std::string_view body) {
    constexpr std::size_t kMaxBytes = 100;
    std::string_view line = body.substr(0, body.find_first_of("\r\n"));
    if (line.empty()) return {};
    if (line.size() <= kMaxBytes) return " \"" + std::string(line) + "\"";
    return " \"" + std::string(line.substr(0, kMaxBytes)) + "...\"";
}

std::size_t characters(std::string_view utf8) {
    std::size_t count = 0;
    for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

class Judge {
public:
    explicit Judge(const HttpExchange& exchange) : exchange_(exchange) {}

    Verdict judge() {
        if (!transport_ok()) return std::move(verdict_);
        keep_cookie();
        if (exchange_.status < 200 || exchange_.status > 299) {
            error(11200, "the server answered HTTP " + std::to_string(exchange_.status) + first_line(exchange_.body) +
                             "; Twilio needs a 2xx status (newer accounts may log this as 11217 HTTP error response code)");
            return std::move(verdict_);
        }
        if (exchange_.body.size() > kMaxTwimlBytes) {
            error(11750, "the body is over 64 KiB (" + std::to_string(kMaxTwimlBytes) + " bytes); Twilio reads no further");
            return std::move(verdict_);
        }
        if (exchange_.body.empty()) {
            warning(0, "empty body: Twilio sends no reply; whether it also logs an error is not documented, "
                       "so answer <Response/> to be explicit");
            verdict_.reply.emplace();
            return std::move(verdict_);
        }
        read_body();
        return std::move(verdict_);
    }

private:
    void error(int code, std::string text) { verdict_.findings.push_back({true, code, std::move(text)}); }
    void warning(int code, std::string text) { verdict_.findings.push_back({false, code, std::move(text)}); }

    bool transport_ok() {
        const std::string& why = exchange_.transport_error;
        switch (exchange_.transport) {
        case Transport::ok: return true;
        case Transport::resolve_failed: error(11210, "cannot resolve the host name: " + why); break;
        case Transport::connect_failed: error(11205, "cannot connect: " + why); break;
        case Transport::timed_out:
            error(11200, "no complete response within " + seconds_text(exchange_.timeout_seconds) +
                             " (timeout; Twilio waits 15 s in all, connecting included)");
            break;
        case Transport::too_many_redirects: error(11215, why); break;
        case Transport::tls_failed: error(11220, why); break;
        case Transport::certificate_invalid:
            error(0, "certificate rejected: " + why +
                         " (Twilio raises 11235, 11236 or 11237 for a mismatched, expired or untrusted certificate)");
            break;
        case Transport::failed: error(11200, why); break;
        }
        return false;
    }

    void read_body() {
        if (!exchange_.content_type || exchange_.content_type->empty()) {
            error(11200, "the response has no Content-Type header");
            return;
        }
        const std::string type = lower_media_type(*exchange_.content_type);
        if (type == "text/plain") {
            // Twilio sends a text/plain body as the reply, as it is.
            verdict_.reply.emplace().messages.push_back({exchange_.body, {}});
            return;
        }
        if (type != "text/xml" && type != "application/xml" && type != "text/html") {
            error(12300, "Content-Type " + *exchange_.content_type +
                             "; Twilio reads text/xml, application/xml and text/html as TwiML, and text/plain as the reply");
            return;
        }
        TwimlReading reading = read_twiml(exchange_.body);
        if (!reading.error.empty()) {
            error(reading.error_code, reading.error);
            return;
        }
        for (std::size_t i = 0; i < reading.reply.messages.size(); ++i) {
            const TwimlMessage& message = reading.reply.messages[i];
            const std::string which = "<Message> " + std::to_string(i + 1);
            if (message.body.empty() && message.media.empty()) {
                warning(14103, which + " has no text and no media, so nothing is sent");
            } else if (characters(message.body) > 1600) {
                warning(14103, which + " is " + std::to_string(characters(message.body)) +
                                   " characters; Twilio sends at most 1600");
            }
        }
        verdict_.reply = std::move(reading.reply);
    }

    void keep_cookie() {
        const auto& headers = exchange_.set_cookies;
        if (headers.size() > 1) {
            warning(0, std::to_string(headers.size()) + " Set-Cookie headers: Twilio keeps one cookie per From/To pair; "
                       "the simulator keeps the last one. Keep all state in one cookie.");
        }
        for (const auto& header : headers) {
            auto cookie = parse_set_cookie(header);
            if (!cookie) {
                warning(0, "Set-Cookie without name=value is ignored: " + header.substr(0, 80));
                continue;
            }
            if (header.size() > kMaxCookieBytes) {
                warning(0, "Set-Cookie " + cookie->name + " is " + std::to_string(header.size()) +
                               " bytes, over 4 KiB: Twilio documents no limit and no error code for this; browsers drop "
                               "such cookies, and so does the simulator, so the next message has no cookie");
                continue;
            }
            check_attributes(*cookie);
            verdict_.set_cookie = std::move(*cookie);
        }
    }

    void check_attributes(const SetCookie& cookie) {
        const std::string name = "Set-Cookie " + cookie.name;
        if (!cookie.max_age && !cookie.expires) {
            warning(0, name + " has no Max-Age or Expires: Twilio keeps it 4 hours after it was last set; "
                              "say so (Max-Age=14400) so that the server's own expiry agrees");
        } else if (cookie.max_age && *cookie.max_age > CookieJar::kMaxLifetimeSeconds) {
            warning(0, name + " has Max-Age=" + std::to_string(*cookie.max_age) +
                           ": Twilio keeps cookies at most 4 hours (14400 s)");
        }
        if (!cookie.has_path) {
            warning(0, name + " has no Path: it belongs to the webhook URL's directory only; set Path=/");
        }
        if (cookie.secure && !exchange_.https) {
            warning(0, name + " is Secure but the webhook URL is http: a browser would never send it back; "
                              "Twilio does not document what it does, the simulator sends it");
        }
    }

    const HttpExchange& exchange_;
    Verdict verdict_;
};

} // namespace

bool Verdict::failed() const {
    for (const auto& finding : findings) {
        if (finding.is_error) return true;
    }
    return false;
}

Verdict judge_exchange(const HttpExchange& exchange) { return Judge(exchange).judge(); }

std::string describe(const Finding& finding) {
    std::string text = finding.is_error ? "error" : "warning";
    if (finding.code != 0) text += " " + std::to_string(finding.code) + " " + std::string(code_title(finding.code));
    return text + ": " + finding.text;
}

} // namespace sms::devtools
