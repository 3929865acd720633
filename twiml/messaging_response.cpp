#include "twiml/messaging_response.hpp"

#include "twiml/xml_text.hpp"

namespace sms::twiml {

namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

} // namespace

Element::Element(std::string_view name, std::optional<std::string_view> text,
                 std::initializer_list<Attribute> attributes)
    : name_(name) {
    if (text) text_.emplace(*text);
    attributes_.reserve(attributes.size());
    for (const auto& a : attributes) attributes_.emplace_back(a.name, a.value);
}

Element& Element::add_child(std::string_view name, std::optional<std::string_view> text,
                            std::initializer_list<Attribute> attributes) {
    return children_.emplace_back(name, text, attributes);
}

void Element::write(std::string& out) const {
    out.push_back('<');
    out.append(name_);
    for (const auto& [name, value] : attributes_) {
        out.push_back(' ');
        out.append(name).append("=\"");
        append_attribute_value(out, value);
        out.push_back('"');
    }
    if ((!text_ || text_->empty()) && children_.empty()) {
        out.append("/>");
        return;
    }
    out.push_back('>');
    if (text_) append_text(out, *text_);
    for (const auto& child : children_) child.write(out);
    out.append("</").append(name_).push_back('>');
}

Message& Message::body(std::string_view text) {
    element_.add_child("Body", text, {});
    return *this;
}

Message& Message::media(std::string_view url, std::initializer_list<Attribute> attributes) {
    element_.add_child("Media", url, attributes);
    return *this;
}

MessagingResponse::MessagingResponse() : root_("Response", std::nullopt, {}) {}

Message MessagingResponse::message(std::string_view body, std::initializer_list<Attribute> attributes) {
    return Message(root_.add_child("Message", body, attributes));
}

Message MessagingResponse::message_without_body(std::initializer_list<Attribute> attributes) {
    return Message(root_.add_child("Message", std::nullopt, attributes));
}

void MessagingResponse::redirect(std::string_view url, std::initializer_list<Attribute> attributes) {
    root_.add_child("Redirect", url, attributes);
}

std::string MessagingResponse::to_string() const {
    std::string out;
    out.reserve(128);
    out.append(kDeclaration);
    root_.write(out);
    return out;
}

} // namespace sms::twiml
