#include "devtools/xml_reader.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <climits>
#include <cstdio>
#include <string>

#include "tests/exact_buffer.hpp"

namespace sms::devtools {

namespace {

XmlReading read(std::string_view document) {
    const test::ExactBuffer buffer(document);
    return read_xml(buffer.view());
}

XmlElement root_of(std::string_view document) {
    XmlReading reading = read(document);
    BOOST_TEST_REQUIRE(reading.root.has_value(), document << " -> " << reading.error);
    return std::move(*reading.root);
}

// The error is libxml2's: "line L, column C: " and then its message, of which
// `message_part` is a distinctive part.
void check_rejected(std::string_view document, std::string_view where, std::string_view message_part) {
    const XmlReading reading = read(document);
    BOOST_TEST_CONTEXT("document: " << document << " -> " << reading.error) {
        BOOST_TEST(!reading.root);
        BOOST_TEST(!reading.library_missing);
        BOOST_TEST(reading.error.starts_with(where));
        BOOST_TEST(reading.error.find(message_part) != std::string::npos);
        BOOST_TEST(reading.error.find('\n') == std::string::npos);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(xml_reader)

BOOST_AUTO_TEST_CASE(reads_the_tree_with_text_and_attributes) {
    const XmlElement root = root_of(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                                    R"(<Response><Message to="+1" from='+2'>Hi <!-- c --><Body>b</Body>there</Message>)"
                                    R"(<Redirect method="POST">/next</Redirect><Empty/></Response>)");
    BOOST_TEST(root.name == "Response");
    BOOST_TEST_REQUIRE(root.children.size() == 3u);
    const XmlElement& message = root.children[0];
    BOOST_TEST(message.name == "Message");
    BOOST_TEST(message.text == "Hi there");
    BOOST_TEST_REQUIRE(message.attributes.size() == 2u);
    BOOST_TEST(*message.attribute("to") == "+1");
    BOOST_TEST(*message.attribute("from") == "+2");
    BOOST_TEST(message.attribute("action") == nullptr);
    BOOST_TEST(message.children[0].text == "b");
    BOOST_TEST(root.children[1].text == "/next");
    BOOST_TEST(root.children[2].name == "Empty");
    BOOST_TEST(root.children[2].children.empty());
}

BOOST_AUTO_TEST_CASE(decodes_references_cdata_and_line_ends) {
    const XmlElement root = root_of("<a t=\"&lt;&#x9;&#65;\tb\r\nc\">&amp;&lt;&gt;&quot;&apos;&#233;&#x1F600;"
                                    "<![CDATA[<raw & ]]>\r\nx\ry</a>");
    BOOST_TEST(root.text == "&<>\"'\xC3\xA9\xF0\x9F\x98\x80<raw & \nx\ny");
    BOOST_TEST(*root.attribute("t") == "<\tA b c");
}

BOOST_AUTO_TEST_CASE(accepts_prolog_and_epilog_misc) {
    BOOST_TEST(root_of("\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- hi -->\n<?style x?>\n<r/>\n<!-- bye -->\n").name == "r");
    BOOST_TEST(root_of("  \n<r></r >  ").name == "r");
}

BOOST_AUTO_TEST_CASE(names_keep_their_prefix_and_processing_instructions_are_skipped) {
    const XmlElement root = root_of("<p:r xmlns:p='urn:p' xmlns='urn:d' p:a='1' b='2'>x<?pi y?>z<p:c/></p:r>");
    BOOST_TEST(root.name == "p:r");
    BOOST_TEST_REQUIRE(root.attributes.size() == 2u); // xmlns declarations are not attributes
    BOOST_TEST(root.attributes[0].first == "p:a");
    BOOST_TEST(root.attributes[1].first == "b");
    BOOST_TEST(root.text == "xz");
    BOOST_TEST_REQUIRE(root.children.size() == 1u);
    BOOST_TEST(root.children[0].name == "p:c");
    // Namespaces are not XML 1.0's well-formedness: an undeclared prefix stays in the name.
    BOOST_TEST(root_of("<q:r/>").name == "q:r");
}

BOOST_AUTO_TEST_CASE(rejects_documents_that_are_not_well_formed) {
    check_rejected("", "line 1, column 1: ", "Document is empty");
    check_rejected("Hello there", "line 1, column 1: ", "Start tag expected, '<' not found");
    check_rejected("{\"message\":\"ok\"}", "line 1, column 1: ", "Start tag expected, '<' not found");
    check_rejected("<html><body>oops</html>", "line 1, column 24: ", "Opening and ending tag mismatch: body line 1 and html");
    check_rejected("<Response><Message>hi</Message>", "line 1, column 32: ", "Premature end of data in tag Response");
    check_rejected("<r/><r/>", "line 1, column 5: ", "Extra content at the end of the document");
    check_rejected("<r a=1/>", "line 1, column 6: ", "AttValue: \" or ' expected");
    check_rejected("<r a='1' a='2'/>", "line 1, column 15: ", "Attribute a redefined");
    check_rejected("<r a='1'b='2'/>", "line 1, column 9: ", "attributes construct error");
    check_rejected("<r a='<'/>", "line 1, column 7: ", "Unescaped '<' not allowed in attributes values");
    check_rejected("<r>&nbsp;</r>", "line 1, column 10: ", "Entity 'nbsp' not defined");
    check_rejected("<r>fish & chips</r>", "line 1, column 10: ", "xmlParseEntityRef: no name");
    check_rejected("<r>&#0;</r>", "line 1, column 8: ", "invalid xmlChar value 0");
    check_rejected("<r>&#xZ;</r>", "line 1, column 7: ", "CharRef: invalid hexadecimal value");
    check_rejected("<r>a]]>b</r>", "line 1, column 5: ", "Sequence ']]>' not allowed in content");
    check_rejected("<r><!-- a -- b --></r>", "line 1, column 11: ", "Double hyphen within comment");
    check_rejected("<r><![CDATA[x</r>", "line 1, column 18: ", "CData section not finished");
    check_rejected("<1r/>", "line 1, column 2: ", "StartTag: invalid element name");
}

BOOST_AUTO_TEST_CASE(the_declaration_must_come_first) {
    check_rejected("\n<?xml version=\"1.0\"?><Response/>", "line 2, column 6: ",
                   "XML declaration allowed only at the start of the document");
    check_rejected("<?xml encoding=\"UTF-8\"?><r/>", "line 1, column 7: ", "Malformed declaration expecting version");
    check_rejected("<?xml version=\"2.0\"?><r/>", "line 1, column 20: ", "Unsupported version '2.0'");
}

BOOST_AUTO_TEST_CASE(rejects_bytes_that_are_not_xml_text) {
    check_rejected("<r>\xC3</r>", "line 1, column 4: ", "Input is not proper UTF-8");
    check_rejected("<r>\xC0\xAF</r>", "line 1, column 4: ", "Input is not proper UTF-8"); // overlong '/'
    check_rejected("<r>\xED\xA0\x80</r>", "line 1, column 4: ", "Char 0xD800 out of allowed range"); // a surrogate
    // libxml2 reads a NUL byte as the end of the input.
    check_rejected(std::string_view("<r>\0</r>", 8), "line 1, column 4: ", "Premature end of data in tag r");
    check_rejected("<r>\x1B</r>", "line 1, column 4: ", "PCDATA invalid Char value 27");
    // Bytes that are not the declared encoding's.
    check_rejected("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r>\x82</r>", "line 1, column 46: ",
                   "input conversion failed due to input error");
}

BOOST_AUTO_TEST_CASE(refuses_doctype_declarations) {
    check_rejected("<!DOCTYPE r><r/>", "line 1, column 12: ", "DOCTYPE declarations are not supported");
    // An internal subset's entities are never expanded, nor an external DTD fetched.
    check_rejected("<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY e 'x'>]>\n<r>&e;</r>", "line 2, column 13: ",
                   "DOCTYPE declarations are not supported");
    check_rejected("<!DOCTYPE r SYSTEM 'http://127.0.0.1:9/r.dtd'><r/>", "line 1, column ",
                   "DOCTYPE declarations are not supported");
}

BOOST_AUTO_TEST_CASE(prints_nothing) {
    std::fflush(stderr);
    const int saved = ::dup(2);
    std::FILE* captured = std::tmpfile();
    BOOST_TEST_REQUIRE(saved >= 0);
    BOOST_TEST_REQUIRE(captured != nullptr);
    ::dup2(::fileno(captured), 2);
    read(R"(<?xml version="1.0" encoding="Shift_JIS"?><r>)" "\x82</r>");
    read(R"(<?xml version="1.1"?><p:r><a>)");
    ::dup2(saved, 2);
    ::close(saved);
    BOOST_TEST(::lseek(::fileno(captured), 0, SEEK_END) == 0); // written through file descriptor 2
    std::fclose(captured);
}

BOOST_AUTO_TEST_CASE(limits_nesting_depth) {
    std::string deep;
    for (std::size_t i = 0; i < kMaxXmlDepth; ++i) deep += "<a>";
    for (std::size_t i = 0; i < kMaxXmlDepth; ++i) deep += "</a>";
    BOOST_TEST(read(deep).root.has_value());
    const XmlReading too_deep = read("<a>" + deep + "</a>");
    BOOST_TEST(!too_deep.root);
    BOOST_TEST(too_deep.error == "line 1, column 1: elements nested deeper than 64");
    std::string lines = "<a>\n" + deep + "\n</a>";
    BOOST_TEST(read(lines).error == "line 2, column 1: elements nested deeper than 64");
}

BOOST_AUTO_TEST_CASE(truncated_input_never_reads_past_the_end) {
    const std::string document = R"(<?xml version="1.0"?><Response a="&amp;"><!-- c --><![CDATA[x]]>&#x41;<M/></Response>)";
    for (std::size_t length = 0; length < document.size(); ++length) {
        BOOST_TEST(!read(std::string_view(document).substr(0, length)).root, "length " << length);
    }
    BOOST_TEST(read(document).root.has_value());
}

BOOST_AUTO_TEST_CASE(refuses_documents_over_int_max_bytes_unread) {
    // Address space only: the pages are never touched.
    const std::size_t size = std::size_t{INT_MAX} + 1;
    void* pages = ::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    BOOST_TEST_REQUIRE(pages != MAP_FAILED);
    const XmlReading reading = read_xml(std::string_view(static_cast<const char*>(pages), size));
    ::munmap(pages, size);
    BOOST_TEST(!reading.root);
    BOOST_TEST(reading.error == "line 1, column 1: the document is over 2147483647 bytes, more than libxml2 reads");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools
