#include "devtools/xml_reader.hpp"

#include <boost/test/unit_test.hpp>

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

void check_rejected(std::string_view document, std::string_view expected_error) {
    const XmlReading reading = read(document);
    BOOST_TEST_CONTEXT("document: " << document) {
        BOOST_TEST(!reading.root);
        BOOST_TEST(reading.error == expected_error);
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

BOOST_AUTO_TEST_CASE(rejects_documents_that_are_not_well_formed) {
    check_rejected("", "line 1, column 1: no root element");
    check_rejected("Hello there", "line 1, column 1: text before the root element");
    check_rejected("{\"message\":\"ok\"}", "line 1, column 1: text before the root element");
    check_rejected("<html><body>oops</html>", "line 1, column 17: </html> closes <body>");
    check_rejected("<Response><Message>hi</Message>", "line 1, column 32: <Response> is never closed");
    check_rejected("<r/><r/>", "line 1, column 5: content after the root element");
    check_rejected("<r a=1/>", "line 1, column 6: attribute value must be quoted");
    check_rejected("<r a='1' a='2'/>", "line 1, column 15: attribute a appears twice");
    check_rejected("<r a='1'b='2'/>", "line 1, column 9: expected white space, '>' or '/>' in <r>");
    check_rejected("<r a='<'/>", "line 1, column 7: '<' in an attribute value");
    check_rejected("<r>&nbsp;</r>", "line 1, column 10: undefined entity &nbsp;");
    check_rejected("<r>fish & chips</r>", "line 1, column 10: '&' must start a reference such as &amp;");
    check_rejected("<r>&#0;</r>", "line 1, column 8: character reference to U+0000, which XML does not allow");
    check_rejected("<r>&#xZ;</r>", "line 1, column 7: bad character reference");
    check_rejected("<r>a]]>b</r>", "line 1, column 5: ']]>' in text");
    check_rejected("<r><!-- a -- b --></r>", "line 1, column 11: '--' inside a comment");
    check_rejected("<r><![CDATA[x</r>", "line 1, column 13: unterminated CDATA section");
    check_rejected("<1r/>", "line 1, column 2: expected a name");
}

BOOST_AUTO_TEST_CASE(the_declaration_must_come_first) {
    check_rejected("\n<?xml version=\"1.0\"?><Response/>",
                   "line 2, column 6: the XML declaration must come first, before any white space");
    check_rejected("<?xml encoding=\"UTF-8\"?><r/>", "line 1, column 7: the XML declaration has no version");
    check_rejected("<?xml version=\"2.0\"?><r/>", "line 1, column 15: unsupported XML version");
}

BOOST_AUTO_TEST_CASE(rejects_bytes_that_are_not_xml_text) {
    check_rejected("<r>\xC3</r>", "line 1, column 4: not valid UTF-8");
    check_rejected("<r>\xC0\xAF</r>", "line 1, column 4: not valid UTF-8");        // overlong '/'
    check_rejected("<r>\xED\xA0\x80</r>", "line 1, column 4: not valid UTF-8");    // a surrogate
    check_rejected(std::string_view("<r>\0</r>", 8), "line 1, column 4: character U+0000 is not allowed in XML");
    check_rejected("<r>\x1B</r>", "line 1, column 4: character U+001B is not allowed in XML");
    check_rejected("<!DOCTYPE r><r/>", "line 1, column 1: DOCTYPE declarations are not supported");
}

BOOST_AUTO_TEST_CASE(limits_nesting_depth) {
    std::string deep;
    for (std::size_t i = 0; i < kMaxXmlDepth; ++i) deep += "<a>";
    for (std::size_t i = 0; i < kMaxXmlDepth; ++i) deep += "</a>";
    BOOST_TEST(read(deep).root.has_value());
    const XmlReading too_deep = read("<a>" + deep + "</a>");
    BOOST_TEST(!too_deep.root);
    BOOST_TEST(too_deep.error == "line 1, column 193: elements nested deeper than 64");
}

BOOST_AUTO_TEST_CASE(truncated_input_never_reads_past_the_end) {
    const std::string document = R"(<?xml version="1.0"?><Response a="&amp;"><!-- c --><![CDATA[x]]>&#x41;<M/></Response>)";
    for (std::size_t length = 0; length < document.size(); ++length) {
        BOOST_TEST(!read(std::string_view(document).substr(0, length)).root, "length " << length);
    }
    BOOST_TEST(read(document).root.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace sms::devtools
