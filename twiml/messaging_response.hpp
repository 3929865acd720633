// MessagingResponse: the TwiML document an SMS webhook answers with.
// Output is byte-identical to twilio-node's MessagingResponse.toString().
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sms::twiml {

struct Attribute {
    std::string_view name;
    std::string_view value;
};

class MessagingResponse;

// <Message>: its text, and optionally nested <Body> and <Media> verbs, which
// must be added before the response's next verb (the document is written as
// it is built).
class Message {
public:
    Message& body(std::string_view text);
    Message& media(std::string_view url, std::initializer_list<Attribute> attributes = {});

private:
    friend class MessagingResponse;
    Message(MessagingResponse& response, std::size_t verb) : response_(&response), verb_(verb) {}

    MessagingResponse* response_;
    std::size_t verb_; // which verb of the response this is, counting from 1
};

class MessagingResponse {
public:
    // <Message attributes>body</Message>; attributes such as to, from, action,
    // method, statusCallback are written in the order given.
    Message message(std::string_view body, std::initializer_list<Attribute> attributes = {});
    // A <Message> with no text of its own, for nested <Body>/<Media>.
    Message message_without_body(std::initializer_list<Attribute> attributes = {});
    // <Redirect method="...">url</Redirect>
    void redirect(std::string_view url, std::initializer_list<Attribute> attributes = {});

    std::string to_string() const&;
    std::string to_string() &&; // the document itself, not a copy

private:
    friend class Message;
    void start_verb(std::string_view name, std::optional<std::string_view> text, std::initializer_list<Attribute> attributes);
    void add_nested(std::size_t verb, std::string_view name, std::string_view text,
                    std::initializer_list<Attribute> attributes);
    void end_verb();

    // Everything from the XML declaration to the open verb's content; the
    // verb's end tag and </Response> are written when the next verb starts
    // or the document is taken.
    std::string out_;
    std::size_t verbs_ = 0;
    std::string_view open_verb_;   // the name of the verb still open, if any
    bool open_has_content_ = false; // its start tag ended with '>' (not yet "/>")
};

} // namespace sms::twiml
