#!/usr/bin/env node
// Generates vectors.inc: byte-exact expected TwiML for MessagingResponse
// documents, produced by the official `twilio` npm package (version pinned in
// package.json / package-lock.json).
//
// Regenerate:   cd tests/twiml/vectors && npm ci && node gen_vectors.js
//
// Every vector's output is checked for well-formedness with `xmllint --noout -`
// (libxml2-utils); pass --no-xmllint to skip that check. Inputs that the library
// rejects or that yield malformed XML are listed in REJECTED below (and in
// NOTES.md); the generator asserts they still behave that way and never writes
// them to vectors.inc.
//
// Op kinds (mirrors the C++ struct TwimlOp):
//   'M' response.message(attrs, text)    has_text=false: response.message() or
//                                         response.message(attrs) (no body arg)
//   'B' lastMessage.body(text)
//   'D' lastMessage.media(attrs, text)   (media URL)
//   'R' response.redirect(attrs, text)
// 'B' and 'D' apply to the most recent 'M'.

'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const twilio = require('twilio');
const MessagingResponse = twilio.twiml.MessagingResponse;
const TWILIO_VERSION = require('twilio/package.json').version;

// ---------------------------------------------------------------------------
// Op constructors. attrs is an array of [name, value] pairs; insertion order is
// preserved (JS objects keep string-key insertion order; names here are never
// integer-like).
const M = (text, attrs = []) => ({ kind: 'M', text: text === undefined ? '' : text, hasText: text !== undefined, attrs });
const MNoBody = (attrs = []) => M(undefined, attrs);
const B = (text) => ({ kind: 'B', text, hasText: true, attrs: [] });
const D = (url, attrs = []) => ({ kind: 'D', text: url, hasText: true, attrs });
const R = (url, attrs = []) => ({ kind: 'R', text: url, hasText: true, attrs });

function attrsObject(pairs) {
  const o = {};
  for (const [k, v] of pairs) {
    if (Object.prototype.hasOwnProperty.call(o, k)) throw new Error(`duplicate attribute ${k}`);
    o[k] = v;
  }
  return o;
}

// Build the document exactly as the C++ test describes the ops.
function render(ops) {
  const response = new MessagingResponse();
  let lastMessage = null;
  for (const op of ops) {
    const attrs = attrsObject(op.attrs);
    switch (op.kind) {
      case 'M':
        if (op.hasText) lastMessage = response.message(attrs, op.text);
        else if (op.attrs.length === 0) lastMessage = response.message();
        else lastMessage = response.message(attrs);
        break;
      case 'B':
        if (!lastMessage) throw new Error("'B' without preceding 'M'");
        if (op.attrs.length) throw new Error("'B' takes no attributes");
        lastMessage.body(op.text);
        break;
      case 'D':
        if (!lastMessage) throw new Error("'D' without preceding 'M'");
        lastMessage.media(attrs, op.text);
        break;
      case 'R':
        response.redirect(attrs, op.text);
        break;
      default:
        throw new Error(`unknown op kind ${op.kind}`);
    }
  }
  return response.toString();
}

// ---------------------------------------------------------------------------
// The vectors. Names must be unique.
const ALL5 = [
  ['to', '+15558675310'],
  ['from', '+15017122661'],
  ['action', 'https://example.com/sms/action'],
  ['method', 'POST'],
  ['statusCallback', 'https://example.com/sms/status'],
];
const pick = (order) => order.map((k) => ALL5.find(([n]) => n === k));

const LONG_ASCII = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join('');
const LONG_ESCAPES = '&<>"\'\r\n\t'.repeat(250); // 2000 chars, all escape-relevant
const LONG_UNICODE = 'é😀中ש'.repeat(400); // 1600 code points, 2000 UTF-16 units

const VECTORS = [
  // --- seed replies -------------------------------------------------------
  { name: 'seed_reply_first', ops: [M('Hello, thanks for the new message.')] },
  { name: 'seed_reply_number_2', ops: [M('Hello, thanks for message number 2')] },
  { name: 'seed_reply_number_3', ops: [M('Hello, thanks for message number 3')] },
  { name: 'seed_reply_number_10', ops: [M('Hello, thanks for message number 10')] },
  { name: 'seed_reply_number_12345', ops: [M('Hello, thanks for message number 12345')] },

  // --- degenerate documents ----------------------------------------------
  { name: 'empty_response', ops: [] },
  { name: 'message_empty_body', ops: [M('')] },
  { name: 'message_no_body', ops: [MNoBody()] },
  { name: 'message_no_body_with_to', ops: [MNoBody([['to', '+15558675310']])] },
  { name: 'message_empty_body_with_to', ops: [M('', [['to', '+15558675310']])] },
  { name: 'message_whitespace_body', ops: [M('   ')] },
  { name: 'message_newline_body', ops: [M('\n')] },
  { name: 'message_body_zero', ops: [M('0')] },
  { name: 'message_leading_trailing_spaces', ops: [M('  lead and trail  ')] },

  // --- multiple messages --------------------------------------------------
  { name: 'two_messages', ops: [M('first'), M('second')] },
  { name: 'three_messages_mixed_bodies', ops: [M('one'), M(''), MNoBody(), M('four')] },
  { name: 'two_messages_with_attrs', ops: [M('to alice', [['to', '+15550000001']]), M('to bob', [['to', '+15550000002'], ['from', '+15017122661']])] },

  // --- single attributes --------------------------------------------------
  { name: 'attr_to', ops: [M('hi', [['to', '+15558675310']])] },
  { name: 'attr_from', ops: [M('hi', [['from', '+15017122661']])] },
  { name: 'attr_action', ops: [M('hi', [['action', 'https://example.com/sms/action']])] },
  { name: 'attr_method_post', ops: [M('hi', [['method', 'POST']])] },
  { name: 'attr_method_get', ops: [M('hi', [['method', 'GET']])] },
  { name: 'attr_status_callback', ops: [M('hi', [['statusCallback', 'https://example.com/sms/status']])] },
  { name: 'attr_empty_value', ops: [M('hi', [['to', '']])] },
  { name: 'attr_alphanumeric_sender', ops: [M('hi', [['from', 'MyCompany']])] },

  // --- all attributes, varying insertion order -----------------------------
  { name: 'attrs_all_canonical_order', ops: [M('hi', pick(['to', 'from', 'action', 'method', 'statusCallback']))] },
  { name: 'attrs_all_reversed_order', ops: [M('hi', pick(['statusCallback', 'method', 'action', 'from', 'to']))] },
  { name: 'attrs_all_shuffled_1', ops: [M('hi', pick(['method', 'to', 'statusCallback', 'from', 'action']))] },
  { name: 'attrs_all_shuffled_2', ops: [M('hi', pick(['action', 'statusCallback', 'to', 'method', 'from']))] },
  { name: 'attrs_from_before_to', ops: [M('hi', pick(['from', 'to']))] },
  { name: 'attrs_to_before_from', ops: [M('hi', pick(['to', 'from']))] },
  { name: 'attrs_all_no_body', ops: [MNoBody(pick(['to', 'from', 'action', 'method', 'statusCallback']))] },
  { name: 'attrs_all_empty_body', ops: [M('', pick(['statusCallback', 'to', 'from']))] },
  { name: 'attrs_status_callback_query', ops: [M('hi', [['statusCallback', 'https://example.com/status?a=1&b=2&c=<3>'], ['method', 'GET']])] },

  // --- nested Body / Media ------------------------------------------------
  { name: 'nested_body_only', ops: [MNoBody(), B('hi')] },
  { name: 'nested_body_empty', ops: [MNoBody(), B('')] },
  { name: 'nested_media_only', ops: [MNoBody(), D('https://example.com/cat.png')] },
  { name: 'nested_body_and_media', ops: [MNoBody(), B('Here is a picture'), D('https://example.com/cat.png')] },
  { name: 'nested_body_and_three_media', ops: [MNoBody(), B('Three pictures'), D('https://example.com/1.png'), D('https://example.com/2.jpg'), D('https://example.com/3.gif')] },
  { name: 'nested_media_before_body', ops: [MNoBody(), D('https://example.com/cat.png'), B('after the media')] },
  { name: 'nested_with_message_attrs', ops: [MNoBody([['to', '+15558675310'], ['from', '+15017122661']]), B('hi'), D('https://example.com/a.png')] },
  { name: 'nested_media_url_query', ops: [MNoBody(), D('https://example.com/img?w=100&h=200&fmt="png"')] },
  { name: 'nested_body_escapes', ops: [MNoBody(), B('a & b < c > d " e \' f\r\ng\th ]]>')] },
  { name: 'nested_two_messages', ops: [MNoBody(), B('first'), D('https://example.com/1.png'), MNoBody([['to', '+15550000002']]), B('second'), D('https://example.com/2.png'), D('https://example.com/3.png')] },
  { name: 'nested_media_with_attrs', ops: [MNoBody(), D('https://example.com/cat.png', [['contentType', 'image/png']])] },
  { name: 'nested_media_attr_escapes', ops: [MNoBody(), D('https://example.com/cat.png', [['title', 'a&b<c>"d\'\te\nf\r']])] },
  { name: 'message_text_then_nested_body', ops: [M('inline text'), B('nested body'), D('https://example.com/x.png')] },

  // --- Redirect -----------------------------------------------------------
  { name: 'redirect_plain', ops: [R('https://example.com/next')] },
  { name: 'redirect_method_post', ops: [R('https://example.com/next', [['method', 'POST']])] },
  { name: 'redirect_method_get', ops: [R('https://example.com/next', [['method', 'GET']])] },
  { name: 'redirect_relative_url', ops: [R('/sms/next')] },
  { name: 'redirect_empty_url', ops: [R('')] },
  { name: 'redirect_url_query_escapes', ops: [R('https://example.com/next?a=1&b=<2>', [['method', 'POST']])] },
  { name: 'message_then_redirect', ops: [M('Hello, thanks for the new message.'), R('https://example.com/next', [['method', 'POST']])] },
  { name: 'redirect_then_message', ops: [R('https://example.com/next'), M('after redirect')] },
  { name: 'redirect_attr_escapes', ops: [R('https://example.com/next', [['method', 'P&<>"\'\t\n\rST']])] },

  // --- text escaping ------------------------------------------------------
  { name: 'text_ampersand', ops: [M('fish & chips')] },
  { name: 'text_less_than', ops: [M('1 < 2')] },
  { name: 'text_greater_than', ops: [M('2 > 1')] },
  { name: 'text_double_quote', ops: [M('say "hi"')] },
  { name: 'text_single_quote', ops: [M("it's")] },
  { name: 'text_cr', ops: [M('line1\rline2')] },
  { name: 'text_lf', ops: [M('line1\nline2')] },
  { name: 'text_crlf', ops: [M('line1\r\nline2\r\n')] },
  { name: 'text_tab', ops: [M('col1\tcol2')] },
  { name: 'text_cdata_end', ops: [M('a]]>b')] },
  { name: 'text_already_escaped_entities', ops: [M('&amp; &lt; &#x41; &#65;')] },
  { name: 'text_all_specials', ops: [M('&<>"\'\r\n\t]]>')] },
  { name: 'text_markup_lookalike', ops: [M('<Message>not a tag</Message><!-- c --><![CDATA[x]]>')] },
  { name: 'text_backslash_and_question', ops: [M('C:\\path\\to ??/ file? "q"')] },
  { name: 'text_octal_lookalike_digits', ops: [M('é123 😀456 \t789')] },
  { name: 'text_del_and_c1', ops: [M('del:\x7f c1:\u0080\u0085\u009f')] },

  // --- unicode ------------------------------------------------------------
  { name: 'unicode_latin1', ops: [M('café résumé naïve')] },
  { name: 'unicode_emoji', ops: [M('Hello 😀 👍🏽 👨‍👩‍👧')] },
  { name: 'unicode_cjk', ops: [M('你好，世界 こんにちは 안녕하세요')] },
  { name: 'unicode_rtl', ops: [M('שלום עולם مرحبا بالعالم \u200f!')] },
  { name: 'unicode_combining', ops: [M('e\u0301 n\u0303 a\u030a')] },
  { name: 'unicode_bom_and_zero_width', ops: [M('a\ufeffb\u200bc\u200dd')] },
  { name: 'unicode_line_separators', ops: [M('a\u2028b\u2029c')] },
  { name: 'unicode_replacement_char', ops: [M('bad \ufffd byte')] },
  { name: 'unicode_max_code_point', ops: [M('max \u{10ffff} end')] },
  { name: 'unicode_attrs', ops: [M('hi', [['from', 'Café😀'], ['statusCallback', 'https://例え.jp/状態']])] },

  // --- attribute escaping -------------------------------------------------
  { name: 'attr_escape_ampersand', ops: [M('hi', [['action', 'https://example.com/a?x=1&y=2']])] },
  { name: 'attr_escape_less_than', ops: [M('hi', [['from', 'a<b']])] },
  { name: 'attr_escape_greater_than', ops: [M('hi', [['from', 'a>b']])] },
  { name: 'attr_escape_double_quote', ops: [M('hi', [['from', 'say "hi"']])] },
  { name: 'attr_escape_single_quote', ops: [M('hi', [['from', "it's"]])] },
  { name: 'attr_escape_tab', ops: [M('hi', [['from', 'a\tb']])] },
  { name: 'attr_escape_lf', ops: [M('hi', [['from', 'a\nb']])] },
  { name: 'attr_escape_cr', ops: [M('hi', [['from', 'a\rb']])] },
  { name: 'attr_escape_all', ops: [M('hi', [['to', '&<>"\'\t\n\r]]>'], ['from', '&amp;'], ['method', 'POST']])] },

  // --- long texts ---------------------------------------------------------
  { name: 'long_ascii_2000', ops: [M(LONG_ASCII)] },
  { name: 'long_escapes_2000', ops: [M(LONG_ESCAPES)] },
  { name: 'long_unicode_1600_code_points', ops: [M(LONG_UNICODE)] },
  { name: 'long_nested_body_2000', ops: [MNoBody([['to', '+15558675310']]), B(LONG_ASCII), D('https://example.com/long.png')] },
  { name: 'long_attr_value', ops: [M('hi', [['statusCallback', 'https://example.com/' + 'a&b'.repeat(300)]])] },
];

// Inputs that must NOT appear in vectors.inc: the library throws, or the
// output is not well-formed XML. `expect` is 'throw' or 'malformed'.
const REJECTED = [
  { name: 'text_control_0x01', ops: [M('a\x01b')], expect: 'throw' },
  { name: 'text_control_0x08', ops: [M('a\x08b')], expect: 'throw' },
  { name: 'text_control_0x0b', ops: [M('a\x0bb')], expect: 'throw' },
  { name: 'text_control_0x0c', ops: [M('a\x0cb')], expect: 'throw' },
  { name: 'text_control_0x1f', ops: [M('a\x1fb')], expect: 'throw' },
  { name: 'text_nul', ops: [M('a\x00b')], expect: 'throw' },
  { name: 'text_lone_high_surrogate', ops: [M('a\ud800b')], expect: 'throw' },
  { name: 'text_lone_low_surrogate', ops: [M('a\udc00b')], expect: 'throw' },
  { name: 'text_u_fffe', ops: [M('a\ufffeb')], expect: 'throw' },
  { name: 'text_u_ffff', ops: [M('a\uffffb')], expect: 'throw' },
  { name: 'body_control_0x01', ops: [MNoBody(), B('a\x01b')], expect: 'throw' },
  { name: 'media_control_0x01', ops: [MNoBody(), D('a\x01b')], expect: 'throw' },
  { name: 'redirect_control_0x01', ops: [R('a\x01b')], expect: 'throw' },
  { name: 'attr_control_0x01', ops: [M('x', [['to', 'a\x01b']])], expect: 'malformed' },
  { name: 'attr_control_0x1f_redirect', ops: [R('u', [['method', 'a\x1fb']])], expect: 'malformed' },
  { name: 'attr_nul', ops: [M('x', [['to', 'a\x00b']])], expect: 'malformed' },
  { name: 'attr_u_fffe', ops: [M('x', [['to', 'a\ufffeb']])], expect: 'malformed' },
  { name: 'attr_u_ffff', ops: [M('x', [['to', 'a\uffffb']])], expect: 'malformed' },
  { name: 'attr_invalid_name', ops: [M('x', [['bad name', 'v']])], expect: 'throw' },
];

// ---------------------------------------------------------------------------
let useXmllint = !process.argv.includes('--no-xmllint');

function wellFormed(xml) {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: Buffer.from(xml, 'utf8') });
  if (r.error) throw new Error(`cannot run xmllint (${r.error.message}); install libxml2-utils or pass --no-xmllint`);
  return r.status === 0;
}

// Byte-exact C++ string literal for the UTF-8 encoding of `str`.
// Backslash and double quote are escaped; every byte < 0x20, 0x7f and >= 0x80 is
// a 3-digit octal escape (never \x: hex escapes are greedy). A '?' directly
// after a '?' is written as \? so no trigraph sequence (e.g. ??/) ever appears
// (g++ -Wall warns "trigraph ignored", fatal under -Werror).
function cppLiteral(str) {
  let out = '"';
  let prev = -1;
  for (const b of Buffer.from(str, 'utf8')) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x3f && prev === 0x3f) out += '\\?';
    else if (b < 0x20 || b === 0x7f || b >= 0x80) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
    prev = b;
  }
  return out + '"';
}

function cppAttrs(pairs) {
  if (pairs.length === 0) return '{}';
  return '{' + pairs.map(([k, v]) => `{${cppLiteral(k)}, ${cppLiteral(v)}}`).join(', ') + '}';
}

function cppOp(op) {
  return `{'${op.kind}', ${cppLiteral(op.text)}, ${op.hasText ? 'true' : 'false'}, ${cppAttrs(op.attrs)}}`;
}

// Returns [{name, ops, expected}] with expected already rendered and checked.
function buildVectors() {
  const names = new Set();
  const out = [];
  for (const v of VECTORS) {
    if (names.has(v.name)) throw new Error(`duplicate vector name ${v.name}`);
    names.add(v.name);
    for (const op of v.ops) {
      if (/\u0000/.test(op.text) || op.attrs.some(([k, val]) => /\u0000/.test(k + val))) {
        throw new Error(`${v.name}: NUL not allowed in vector inputs`);
      }
    }
    const expected = render(v.ops); // throws -> generator fails loudly
    if (useXmllint && !wellFormed(expected)) throw new Error(`${v.name}: output is not well-formed XML: ${expected}`);
    out.push({ name: v.name, ops: v.ops, expected });
  }
  return out;
}

function checkRejected() {
  const lines = [];
  for (const v of REJECTED) {
    let xml = null;
    let err = null;
    try {
      xml = render(v.ops);
    } catch (e) {
      err = e.message;
    }
    let got;
    if (err !== null) got = 'throw';
    else if (!useXmllint) got = 'unchecked';
    else got = wellFormed(xml) ? 'well-formed' : 'malformed';
    if (got !== 'unchecked' && got !== v.expect) {
      throw new Error(`rejected case ${v.name}: expected ${v.expect}, got ${got}${xml ? ': ' + JSON.stringify(xml) : ''}`);
    }
    lines.push(`  ${v.name}: ${got}${err ? ' (' + err.split(':')[0] + ')' : ''}`);
  }
  return lines;
}

function main() {
  if (!wellFormedAvailable()) useXmllint = false;
  const vectors = buildVectors();
  const rejected = checkRejected();
  let text = '';
  text += `// GENERATED by tests/twiml/vectors/gen_vectors.js from the official twilio npm package ${TWILIO_VERSION}. DO NOT EDIT.\n`;
  text += '// Regenerate: cd tests/twiml/vectors && npm ci && node gen_vectors.js\n';
  text += '// One aggregate initializer per vector, for inclusion inside an array initializer of:\n';
  text += '// struct TwimlOp { char kind; std::string text; bool has_text; std::vector<std::pair<std::string, std::string>> attrs; };\n';
  text += '// struct TwimlVector { std::string name; std::vector<TwimlOp> ops; std::string expected; };\n';
  text += "// kinds: 'M' message(attrs, text) / message(attrs) when !has_text; 'B' body(text) and 'D' media(attrs, url) on the last 'M'; 'R' redirect(attrs, url)\n";
  text += '// expected has no trailing newline.\n';
  text += `// ${vectors.length} vectors\n`;
  for (const v of vectors) {
    text += `{${cppLiteral(v.name)}, {${v.ops.map(cppOp).join(', ')}}, ${cppLiteral(v.expected)}},\n`;
  }
  fs.writeFileSync(path.join(__dirname, 'vectors.inc'), text);
  process.stderr.write(`twilio ${TWILIO_VERSION}: wrote ${vectors.length} vectors to vectors.inc${useXmllint ? '' : ' (xmllint check SKIPPED)'}\n`);
  process.stderr.write(`rejected inputs (not written):\n${rejected.join('\n')}\n`);
}

function wellFormedAvailable() {
  if (!useXmllint) return false;
  const r = spawnSync('xmllint', ['--version']);
  if (r.error) throw new Error('xmllint not found: install libxml2-utils, or pass --no-xmllint to skip the well-formedness check');
  return true;
}

module.exports = { VECTORS, REJECTED, render, buildVectors, cppLiteral, TWILIO_VERSION };

if (require.main === module) main();
