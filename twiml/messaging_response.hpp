// MessagingResponse: the TwiML document an SMS webhook answers with.
// Output is byte-identical to twilio-node's MessagingResponse.toString().
#pragma once

#include <initializer_list>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sms::twiml {

struct Attribute {
    std::string_view name;
    std::string_view value;
};

class Element {
public:
    Element(std::string_view name, std::optional<std::string_view> text, std::initializer_list<Attribute> attributes);

    Element& add_child(std::string_view name, std::optional<std::string_view> text,
                       std::initializer_list<Attribute> attributes);
    void write(std::string& out) const;

private:
    std::string name_;
    std::vector<std::pair<std::string, std::string>> attributes_; // insertion order
    std::optional<std::string> text_;
    // A list keeps references to earlier children valid and, unlike a deque,
    // allocates nothing while empty, as most elements stay.
    std::list<Element> children_;
};

// <Message>: its text, and optionally nested <Body> and <Media> verbs.
class Message {
public:
    explicit Message(Element& element) : element_(element) {}
    Message& body(std::string_view text);
    Message& media(std::string_view url, std::initializer_list<Attribute> attributes = {});

private:
    Element& element_;
};

class MessagingResponse {
public:
    MessagingResponse();

    // <Message attributes>body</Message>; attributes such as to, from, action,
    // method, statusCallback are written in the order given.
    Message message(std::string_view body, std::initializer_list<Attribute> attributes = {});
    // A <Message> with no text of its own, for nested <Body>/<Media>.
    Message message_without_body(std::initializer_list<Attribute> attributes = {});
    // <Redirect method="...">url</Redirect>
    void redirect(std::string_view url, std::initializer_list<Attribute> attributes = {});

    std::string to_string() const;

private:
    Element root_;
};

} // namespace sms::twiml
