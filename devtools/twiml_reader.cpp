#include "devtools/twiml_reader.hpp"

#include "text/ascii.hpp"
#include "devtools/xml_reader.hpp"

namespace sms::devtools {

namespace {

TwimlMessage read_message(const XmlElement& element) {
    TwimlMessage message;
    bool has_body = false;
    std::string body;
    for (const auto& child : element.children) {
        if (child.name == "Body") {
            has_body = true;
            body += child.text;
        } else if (child.name == "Media") {
            message.media.emplace_back(text::trim(child.text));
        }
    }
    // A nested <Body> is the text; otherwise the element's own text is.
    message.body = text::trim(has_body ? body : element.text);
    return message;
}

} // namespace

TwimlReading read_twiml(std::string_view document) {
    TwimlReading reading;
    XmlReading xml = read_xml(document);
    if (xml.library_missing) {
        // Not Twilio's error, and not the document's: code 0.
        reading.error = "cannot check the TwiML: " + xml.error + " (on Debian: apt install libxml2)";
        return reading;
    }
    if (!xml.root) {
        reading.error_code = 12100;
        reading.error = "not well-formed XML: " + xml.error;
        return reading;
    }
    if (xml.root->name != "Response") {
        reading.error_code = 12102;
        reading.error = "the root element is <" + xml.root->name + ">, not <Response>";
        return reading;
    }
    for (const auto& verb : xml.root->children) {
        if (verb.name == "Message") {
            reading.reply.messages.push_back(read_message(verb));
        } else if (verb.name == "Redirect") {
            reading.reply.redirects.emplace_back(text::trim(verb.text));
        }
    }
    return reading;
}

std::string reply_text(const TwimlReply& reply) {
    std::string out;
    for (const auto& message : reply.messages) {
        if (!message.body.empty()) out.append(message.body).push_back('\n');
        for (const auto& url : message.media) out.append("[media] ").append(url).push_back('\n');
    }
    for (const auto& url : reply.redirects) out.append("[redirect] ").append(url).push_back('\n');
    if (out.empty()) out = "(no reply)\n";
    return out;
}

} // namespace sms::devtools
