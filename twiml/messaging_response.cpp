#include "twiml/messaging_response.hpp"

#include <cassert>

#include "twiml/xml_text.hpp"

namespace sms::twiml {

namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

// A counter's or a survey's reply fits without growing the buffer.
constexpr std::size_t kTypicalDocument = 192;

void start_tag(std::string& out, std::string_view name, std::initializer_list<Attribute> attributes) {
    out.push_back('<');
    out.append(name);
    for (const auto& [attribute, value] : attributes) {
        out.push_back(' ');
        out.append(attribute).append("=\"");
        append_attribute_value(out, value);
        out.push_back('"');
    }
}

} // namespace

Message& Message::body(std::string_view text) {
    response_->add_nested(verb_, "Body", text, {});
    return *this;
}

Message& Message::media(std::string_view url, std::initializer_list<Attribute> attributes) {
    response_->add_nested(verb_, "Media", url, attributes);
    return *this;
}

Message MessagingResponse::message(std::string_view body, std::initializer_list<Attribute> attributes) {
    start_verb("Message", body, attributes);
    return Message(*this, verbs_);
}

Message MessagingResponse::message_without_body(std::initializer_list<Attribute> attributes) {
    start_verb("Message", std::nullopt, attributes);
    return Message(*this, verbs_);
}

void MessagingResponse::redirect(std::string_view url, std::initializer_list<Attribute> attributes) {
    start_verb("Redirect", url, attributes);
}

void MessagingResponse::start_verb(std::string_view name, std::optional<std::string_view> text,
                                   std::initializer_list<Attribute> attributes) {
    end_verb();
    if (out_.empty()) {
        out_.reserve(kTypicalDocument);
        out_.append(kDeclaration).append("<Response>");
    }
    start_tag(out_, name, attributes);
    open_verb_ = name;
    open_has_content_ = text && !text->empty();
    if (open_has_content_) {
        out_.push_back('>');
        append_text(out_, *text);
    }
    ++verbs_;
}

void MessagingResponse::add_nested(std::size_t verb, std::string_view name, std::string_view text,
                                   std::initializer_list<Attribute> attributes) {
    assert(verb == verbs_ && !open_verb_.empty() && "a Message's nested verbs come before the next verb");
    (void)verb;
    if (!open_has_content_) {
        out_.push_back('>');
        open_has_content_ = true;
    }
    start_tag(out_, name, attributes);
    if (text.empty()) {
        out_.append("/>");
        return;
    }
    out_.push_back('>');
    append_text(out_, text);
    out_.append("</").append(name).push_back('>');
}

void MessagingResponse::end_verb() {
    if (open_verb_.empty()) return;
    if (open_has_content_) {
        out_.append("</").append(open_verb_).push_back('>');
    } else {
        out_.append("/>");
    }
    open_verb_ = {};
}

std::string MessagingResponse::to_string() const& { return MessagingResponse(*this).to_string(); }

std::string MessagingResponse::to_string() && {
    if (verbs_ == 0) return std::string(kDeclaration) + "<Response/>";
    end_verb();
    out_.append("</Response>");
    return std::move(out_);
}

} // namespace sms::twiml
