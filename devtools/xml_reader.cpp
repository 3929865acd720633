#include "devtools/xml_reader.hpp"

#include <libxml/parser.h> // types and constants only: the functions come from dlsym

#include <algorithm>
#include <climits>
#include <memory>
#include <variant>

#include "system/shared_library.hpp"

namespace sms::devtools {

namespace {

// The runtime library of Debian's libxml2 (the soname of every libxml2 2.x).
constexpr const char* kXmlLibrary = "libxml2.so.2";

// Strict: no recovery, and nothing fetched (no network, no external DTD, no
// entity substitution) or printed.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

// The libxml2 functions this file calls, looked up in the loaded library.
struct XmlFunctions {
    decltype(&xmlInitParser) init_parser = nullptr;
    decltype(&xmlNewParserCtxt) new_parser_ctxt = nullptr;
    decltype(&xmlCtxtReadMemory) ctxt_read_memory = nullptr;
    decltype(&xmlFreeParserCtxt) free_parser_ctxt = nullptr;
    decltype(&xmlDocGetRootElement) doc_get_root_element = nullptr;
    decltype(&xmlFreeDoc) free_doc = nullptr;
    decltype(&xmlSetStructuredErrorFunc) set_structured_error_func = nullptr;
};

// libxml2, loaded and initialised on first use and kept until exit; or why it cannot be.
const std::variant<XmlFunctions, std::string>& loaded_libxml2() {
    static const std::variant<XmlFunctions, std::string> loaded = []() -> std::variant<XmlFunctions, std::string> {
        const std::string failed = std::string("cannot load libxml2 (") + kXmlLibrary + "): ";
        auto opened = SharedLibrary::open(kXmlLibrary);
        if (auto* error = std::get_if<std::string>(&opened)) return failed + *error;
        auto& library = std::get<SharedLibrary>(opened);
        XmlFunctions f;
        library.find("xmlInitParser", f.init_parser);
        library.find("xmlNewParserCtxt", f.new_parser_ctxt);
        library.find("xmlCtxtReadMemory", f.ctxt_read_memory);
        library.find("xmlFreeParserCtxt", f.free_parser_ctxt);
        library.find("xmlDocGetRootElement", f.doc_get_root_element);
        library.find("xmlFreeDoc", f.free_doc);
        library.find("xmlSetStructuredErrorFunc", f.set_structured_error_func);
        if (!library.missing().empty()) return failed + library.missing();
        f.init_parser();
        return f;
    }();
    return loaded;
}

struct Free {
    const XmlFunctions& xml;
    void operator()(xmlParserCtxt* parser) const { xml.free_parser_ctxt(parser); }
    void operator()(xmlDoc* doc) const { xml.free_doc(doc); }
};

// What a parse notes besides the tree: its first error and where a DOCTYPE was.
struct ParseNotes {
    std::string error; // libxml2's message, on one line
    int error_line = 0;
    int error_column = 0;
    int doctype_line = 0;
    int doctype_column = 0;
    internalSubsetSAXFunc parser_internal_subset = nullptr; // libxml2's own handler
};

// libxml2's error handler during a parse, in place of printing: keeps the
// first error, which the later ones often only follow from. Warnings and
// namespace errors leave the document well-formed, and are ignored. An error
// found before the parser had a position (a failed encoding conversion)
// takes the next error's.
void note_error(void* notes_pointer, xmlErrorPtr error) {
    auto& notes = *static_cast<ParseNotes*>(notes_pointer);
    if (error->level < XML_ERR_ERROR || error->domain == XML_FROM_NAMESPACE) return;
    if (notes.error.empty() && error->message != nullptr) {
        notes.error = error->message;
        while (!notes.error.empty() && notes.error.back() == '\n') notes.error.pop_back();
        std::replace(notes.error.begin(), notes.error.end(), '\n', ' ');
    }
    if (notes.error_line == 0 && error->line > 0) {
        notes.error_line = error->line;
        notes.error_column = error->int2;
    }
}

// libxml2's <!DOCTYPE ...> handler, wrapped to note where the declaration is.
void note_doctype(void* context, const xmlChar* name, const xmlChar* external_id, const xmlChar* system_id) {
    auto* parser = static_cast<xmlParserCtxt*>(context);
    auto& notes = *static_cast<ParseNotes*>(parser->_private);
    if (notes.doctype_line == 0 && parser->input != nullptr) {
        notes.doctype_line = parser->input->line;
        notes.doctype_column = parser->input->col;
    }
    if (notes.parser_internal_subset != nullptr) notes.parser_internal_subset(context, name, external_id, system_id);
}

// "line L, column C: what"; libxml2 counts both from 1, and 0 when it does not know.
std::string located(int line, int column, std::string_view what) {
    return "line " + std::to_string(std::max(line, 1)) + ", column " + std::to_string(std::max(column, 1)) + ": " +
           std::string(what);
}

XmlReading failure(int line, int column, std::string_view what) {
    XmlReading reading;
    reading.error = located(line, column, what);
    return reading;
}

std::string name_of(const xmlChar* name, const xmlNs* ns) {
    std::string out;
    if (ns != nullptr && ns->prefix != nullptr) out.append(reinterpret_cast<const char*>(ns->prefix)).push_back(':');
    return out.append(reinterpret_cast<const char*>(name));
}

// The character data among `first` and its siblings (text and CDATA), in order.
std::string text_of(const xmlNode* first) {
    std::string text;
    for (const xmlNode* node = first; node != nullptr; node = node->next) {
        if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content != nullptr) {
            text.append(reinterpret_cast<const char*>(node->content));
        }
    }
    return text;
}

// Copies `node` and what it contains into `element`; false, with `error` set,
// for elements nested deeper than kMaxXmlDepth.
bool copy_element(const xmlNode& node, std::size_t depth, XmlElement& element, std::string& error) {
    if (depth > kMaxXmlDepth) {
        error = located(node.line, 1, "elements nested deeper than " + std::to_string(kMaxXmlDepth));
        return false;
    }
    element.name = name_of(node.name, node.ns);
    for (const xmlAttr* attribute = node.properties; attribute != nullptr; attribute = attribute->next) {
        element.attributes.emplace_back(name_of(attribute->name, attribute->ns), text_of(attribute->children));
    }
    element.text = text_of(node.children);
    for (const xmlNode* child = node.children; child != nullptr; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && !copy_element(*child, depth + 1, element.children.emplace_back(), error)) {
            return false;
        }
    }
    return true;
}

} // namespace

const std::string* XmlElement::attribute(std::string_view attribute_name) const {
    for (const auto& [name, value] : attributes) {
        if (name == attribute_name) return &value;
    }
    return nullptr;
}

XmlReading read_xml(std::string_view document) {
    const auto& loaded = loaded_libxml2();
    if (const auto* error = std::get_if<std::string>(&loaded)) {
        XmlReading reading;
        reading.error = *error;
        reading.library_missing = true;
        return reading;
    }
    const XmlFunctions& xml = std::get<XmlFunctions>(loaded);
    if (document.size() > static_cast<std::size_t>(INT_MAX)) {
        return failure(1, 1, "the document is over " + std::to_string(INT_MAX) + " bytes, more than libxml2 reads");
    }
    std::unique_ptr<xmlParserCtxt, Free> parser(xml.new_parser_ctxt(), Free{xml});
    if (!parser) return failure(1, 1, "libxml2 could not start");
    ParseNotes notes;
    parser->_private = &notes;
    notes.parser_internal_subset = parser->sax->internalSubset;
    parser->sax->internalSubset = note_doctype;
    // libxml2 keeps this handler per thread: it is this parse's alone, then libxml2's default again.
    xml.set_structured_error_func(&notes, note_error);
    const std::unique_ptr<xmlDoc, Free> doc(xml.ctxt_read_memory(parser.get(), document.empty() ? "" : document.data(),
                                                                 static_cast<int>(document.size()), nullptr, nullptr,
                                                                 kParseOptions),
                                            Free{xml});
    xml.set_structured_error_func(nullptr, nullptr);
    if (!doc) {
        return failure(notes.error_line, notes.error_column,
                       notes.error.empty() ? "libxml2 could not read the document" : notes.error);
    }
    if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
        return failure(notes.doctype_line, notes.doctype_column, "DOCTYPE declarations are not supported");
    }
    const xmlNode* root = xml.doc_get_root_element(doc.get());
    if (root == nullptr) return failure(1, 1, "no root element");
    XmlReading reading;
    if (!copy_element(*root, 1, reading.root.emplace(), reading.error)) reading.root.reset();
    return reading;
}

} // namespace sms::devtools
