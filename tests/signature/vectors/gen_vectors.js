#!/usr/bin/env node
/*
 * Generates vectors.inc: X-Twilio-Signature test vectors decided by the
 * OFFICIAL twilio npm package (version pinned in package.json).
 *
 *   cd tests/signature/vectors && npm ci && node gen_vectors.js
 *
 * Output is deterministic (no randomness, no timestamps, no environment data).
 *
 * Every vector records:
 *   url, params  - what the C++ validator receives (params in the order sent)
 *   signature    - the X-Twilio-Signature header value
 *   valid        - twilio.validateRequest(token, signature, url, paramsObject)
 * "Valid" signatures are twilio.getExpectedTwilioSignature(...) of the signing
 * input; near misses are signatures of a slightly different input (or a naive
 * re-implementation), so they look realistic.
 *
 * The C++ test defines:
 *   struct SignatureVector { std::string name; std::string token; std::string url;
 *     std::vector<std::pair<std::string, std::string>> params;
 *     std::string signature; bool valid; };
 * and includes vectors.inc inside an array initializer of that type.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const Module = require('module');
const twilio = require('twilio');
const twilioVersion = require('twilio/package.json').version;

// ---------------------------------------------------------------------------
// Access to the library's private URL helpers (addPort, removePort,
// withLegacyQuerystring), used ONLY to annotate which candidate URL matched.
// The verdict itself always comes from twilio.validateRequest.
// ---------------------------------------------------------------------------
function loadPrivateHelpers() {
  const file = require.resolve('twilio/lib/webhooks/webhooks.js');
  const src = fs.readFileSync(file, 'utf8') +
    '\nmodule.exports.__private = { addPort, removePort, withLegacyQuerystring };\n';
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(src, file);
  return m.exports.__private;
}
const priv = loadPrivateHelpers();

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------
const T = '9f3c1a7e5b2d4c6f8a0e1b3d5c7f9a2e';      // primary auth token
const T_WRONG = '9f3c1a7e5b2d4c6f8a0e1b3d5c7f9a2f'; // last hex digit differs
const U = 'https://sms.example.com/twilio/sms';

/** Ordered [name, value] pairs -> object as an Express/qs body parser builds
 * it: a name that occurs once maps to a string, a repeated name to an array
 * of its values in the order sent. */
function toParamsObject(pairs) {
  const obj = {};
  for (const [k, v] of pairs) {
    if (k === '__proto__') throw new Error('__proto__ key not supported');
    if (!Object.prototype.hasOwnProperty.call(obj, k)) obj[k] = v;
    else if (Array.isArray(obj[k])) obj[k].push(v);
    else obj[k] = [obj[k], v];
  }
  return obj;
}

const sign = (token, url, pairs) =>
  twilio.getExpectedTwilioSignature(token, url, toParamsObject(pairs));

/** HMAC-SHA1/base64 over a hand-built data string: used for near misses that
 * model a naive implementation (no sort, no dedup, UTF-8 byte order...). */
const rawSig = (token, data) =>
  crypto.createHmac('sha1', token).update(Buffer.from(data, 'utf-8')).digest('base64');

/** Naive concatenation url + name + value for pairs in the given order. */
const naiveData = (url, pairs) => pairs.reduce((acc, [k, v]) => acc + k + v, url);

/** Sort by UTF-8 bytes (i.e. code point order) - the WRONG order. */
const byUtf8 = (a, b) => Buffer.compare(Buffer.from(a, 'utf-8'), Buffer.from(b, 'utf-8'));

function smsForm(over = {}) {
  const base = [
    ['ToCountry', 'US'],
    ['ToState', 'CA'],
    ['SmsMessageSid', 'SM1f0e8d2c3b4a59687766554433221100'],
    ['NumMedia', '0'],
    ['ToCity', 'SAN FRANCISCO'],
    ['FromZip', '94105'],
    ['SmsSid', 'SM1f0e8d2c3b4a59687766554433221100'],
    ['FromState', 'CA'],
    ['SmsStatus', 'received'],
    ['FromCity', 'SAN FRANCISCO'],
    ['Body', 'Hello'],
    ['FromCountry', 'US'],
    ['To', '+14155550100'],
    ['MessagingServiceSid', 'MG0123456789abcdef0123456789abcdef'],
    ['ToZip', '94107'],
    ['NumSegments', '1'],
    ['MessageSid', 'SM1f0e8d2c3b4a59687766554433221100'],
    ['AccountSid', 'AC0123456789abcdef0123456789abcdef'],
    ['From', '+14155550199'],
    ['ApiVersion', '2010-04-01'],
  ];
  const out = base.map(([k, v]) => [k, Object.prototype.hasOwnProperty.call(over, k) ? over[k] : v]);
  return out.filter(([, v]) => v !== undefined);
}

// ---------------------------------------------------------------------------
// Vector definitions
//   name, token (validation), url (validation), params (validation pairs),
//   sig: { token?, url?, params? } signing input (defaults = validation input)
//        or sig: { raw: <data string>, token? } or sig: { literal: '...' }
//        optional mutate: fn(signature) -> signature
//   expect: true/false (sanity assertion; the recorded value is the library's)
//   note: comment emitted above the vector
// ---------------------------------------------------------------------------
const V = [];
const add = (v) => V.push(v);

// ---- typical SMS webhooks --------------------------------------------------
add({ name: 'sms_inbound_basic', url: U, params: smsForm(), expect: true,
  note: 'Typical inbound SMS form, 20 parameters, in the order Twilio sends them.' });
add({ name: 'sms_inbound_params_reversed', url: U, params: smsForm().reverse(),
  sig: { params: smsForm() }, expect: true,
  note: 'Same form sent in reverse order: names are sorted, so the signature is identical.' });
add({ name: 'sms_inbound_url_with_query', url: U + '?tenant=acme&v=2', params: smsForm(), expect: true });
add({ name: 'sms_inbound_http', url: 'http://sms.example.com/twilio/sms', params: smsForm(), expect: true });
add({ name: 'sms_inbound_mms_two_media', url: U, expect: true,
  params: smsForm({ NumMedia: '2', Body: 'see pics' }).concat([
    ['MediaContentType0', 'image/jpeg'],
    ['MediaUrl0', 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM00/Media/ME00'],
    ['MediaContentType1', 'image/png'],
    ['MediaUrl1', 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM00/Media/ME01'],
  ]) });
add({ name: 'sms_inbound_no_messaging_service', url: U, params: smsForm({ MessagingServiceSid: undefined }), expect: true });
add({ name: 'sms_inbound_long_multisegment', url: U, expect: true,
  params: smsForm({ NumSegments: '3', Body: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(7) + 'END' }) });
add({ name: 'twilio_docs_example', token: '12345', url: 'https://mycompany.com/myapp.php?foo=1&bar=2', expect: true,
  params: [['CallSid', 'CA1234567890ABCDE'], ['Caller', '+14158675310'], ['Digits', '1234'], ['From', '+14158675310'], ['To', '+18005551212']],
  note: "Example from Twilio's security docs; expected signature GvWf1cFY/Q7PnoempGyD5oXAezc=" });
add({ name: 'token_longer_than_hmac_block', token: 'k'.repeat(70) + T, url: U, params: smsForm(), expect: true,
  note: 'Token of 102 bytes (> 64-byte SHA-1 block): HMAC hashes the key first.' });
add({ name: 'token_non_ascii_utf8_key', token: 't\u00f6k\u00e9n-\u20ac', url: U, params: smsForm(), expect: true,
  note: 'HMAC key is the token encoded as UTF-8.' });

// ---- near misses (invalid) ------------------------------------------------
add({ name: 'neg_wrong_token', url: U, params: smsForm(), sig: { token: T_WRONG }, expect: false,
  note: 'Signed with a token differing in the last hex digit.' });
add({ name: 'neg_token_uppercased', token: T.toUpperCase(), url: U, params: smsForm(), sig: { token: T }, expect: false,
  note: 'Token comparison is byte-exact (HMAC key): upper-case hex token is a different key.' });
add({ name: 'neg_token_trailing_newline', token: T + '\n', url: U, params: smsForm(), sig: { token: T }, expect: false });
add({ name: 'neg_body_one_byte_changed', url: U, params: smsForm({ Body: 'Hellp' }), sig: { params: smsForm() }, expect: false });
add({ name: 'neg_body_trailing_newline', url: U, params: smsForm({ Body: 'Hello\n' }), sig: { params: smsForm() }, expect: false });
add({ name: 'neg_empty_signature', url: U, params: smsForm(), sig: { literal: '' }, expect: false });
add({ name: 'neg_signature_lowercased', url: U, params: smsForm(), mutate: (s) => s.toLowerCase(), expect: false });
add({ name: 'neg_signature_without_padding', url: U, params: smsForm(), mutate: (s) => s.replace(/=+$/, ''), expect: false });
add({ name: 'neg_signature_trailing_space', url: U, params: smsForm(), mutate: (s) => s + ' ', expect: false,
  note: 'No trimming: header value is compared byte-exactly.' });
add({ name: 'neg_signature_leading_space', url: U, params: smsForm(), mutate: (s) => ' ' + s, expect: false });
add({ name: 'neg_signature_hex_encoded', url: U, params: smsForm(), expect: false,
  mutate: (s) => Buffer.from(s, 'base64').toString('hex'),
  note: 'Correct HMAC but hex instead of base64.' });
add({ name: 'neg_signature_hmac_sha256', url: U, params: smsForm(), expect: false,
  sig: { literal: crypto.createHmac('sha256', T).update(naiveData(U, [...smsForm()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))).digest('base64') },
  note: 'Same data string, HMAC-SHA256 instead of HMAC-SHA1.' });
add({ name: 'neg_param_added', url: U, params: smsForm().concat([['OptOutType', 'STOP']]), sig: { params: smsForm() }, expect: false });
add({ name: 'neg_param_missing', url: U, params: smsForm({ FromZip: undefined }), sig: { params: smsForm() }, expect: false });
add({ name: 'neg_param_name_case', url: U, params: smsForm().map(([k, v]) => [k === 'Body' ? 'body' : k, v]),
  sig: { params: smsForm() }, expect: false });
add({ name: 'neg_values_swapped', url: U, params: smsForm({ To: '+14155550199', From: '+14155550100' }),
  sig: { params: smsForm() }, expect: false });
add({ name: 'neg_other_path', url: U, params: smsForm(), sig: { url: 'https://sms.example.com/twilio/voice' }, expect: false });
add({ name: 'neg_other_host', url: U, params: smsForm(), sig: { url: 'https://sms2.example.com/twilio/sms' }, expect: false });
add({ name: 'neg_signed_https_received_http', url: 'http://sms.example.com/twilio/sms', params: smsForm(), sig: { url: U }, expect: false });
add({ name: 'neg_signed_http_received_https', url: U, params: smsForm(), sig: { url: 'http://sms.example.com/twilio/sms' }, expect: false });
add({ name: 'neg_signed_with_query_received_without', url: U, params: smsForm(), sig: { url: U + '?tenant=acme' }, expect: false });
add({ name: 'neg_signed_without_query_received_with', url: U + '?tenant=acme', params: smsForm(), sig: { url: U }, expect: false });
add({ name: 'neg_query_reordered', url: U + '?b=2&a=1', params: smsForm(), sig: { url: U + '?a=1&b=2' }, expect: false,
  note: 'The URL (including its query) is signed verbatim; query parameters are not sorted.' });
add({ name: 'neg_empty_value_param_dropped', url: U, params: smsForm({ MessagingServiceSid: undefined }),
  sig: { params: smsForm({ MessagingServiceSid: '' }) }, expect: false,
  note: 'A parameter with an empty value still contributes its name to the signed data.' });

// ---- unicode and control characters ---------------------------------------
const uni = (name, body, extra = {}) => add(Object.assign({ name, url: U, params: smsForm({ Body: body }), expect: true }, extra));
uni('unicode_body_e_acute_nfc', 'Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e');
uni('unicode_body_e_acute_nfd', 'Cafe\u0301 cre\u0300me bru\u0302le\u0301e');
add({ name: 'neg_unicode_nfc_signed_nfd_received', url: U, params: smsForm({ Body: 'Cafe\u0301' }),
  sig: { params: smsForm({ Body: 'Caf\u00e9' }) }, expect: false, note: 'No Unicode normalisation.' });
uni('unicode_body_emoji', 'Hi \u{1F600}\u{1F44D}\u{1F3FD}!');
uni('unicode_body_emoji_zwj_family', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}');
uni('unicode_body_cjk', '\u4f60\u597d\uff0c\u4e16\u754c\u3002\u3053\u3093\u306b\u3061\u306f \ud55c\uad6d\uc5b4');
uni('unicode_body_cjk_ext_b', '\u{20000}\u{2070E}\u{2A6D6}');
uni('unicode_body_arabic_rtl', '\u0645\u0631\u062d\u0628\u0627 \u200F123');
uni('unicode_body_bom_nbsp', '\uFEFFhi\u00A0there\u2028next');
uni('unicode_body_replacement_char', 'bad \uFFFD byte');
add({ name: 'unicode_from_city', url: U, params: smsForm({ FromCity: 'M\u00dcNCHEN', FromCountry: 'DE', FromState: 'BY' }), expect: true });
uni('ctrl_body_newlines_tabs', 'line1\nline2\r\nline3\ttab');
// No NUL (U+0000): the C++ struct's std::string members are built from
// const char* literals, which would truncate at an embedded \000.
uni('ctrl_body_soh_del_esc', 'a\u0001b\u007fc\u001bd');

// ---- special characters in values -------------------------------------------
uni('chars_plus', '1+1=2 and +15550100');
uni('chars_spaces_leading_trailing', '  padded  ');
uni('chars_percent', '100% sure %20 %zz %');
uni('chars_ampersand_equals', 'a=b&c=d&&==');
uni('chars_quotes_backslash', 'say "hi" \\ o\'k \\n');
uni('chars_hash_question_trigraph', '#tag ?q ??= ??/ ??\'');
uni('chars_url_in_body', 'https://x.example/p?a=1&b=%2B#frag');
add({ name: 'neg_plus_vs_space', url: U, params: smsForm({ Body: 'a+b' }), sig: { params: smsForm({ Body: 'a b' }) }, expect: false,
  note: 'Signature is over DECODED values: a form "+" is a space.' });
add({ name: 'neg_percent_not_decoded', url: U, params: smsForm({ Body: '%41' }), sig: { params: smsForm({ Body: 'A' }) }, expect: false });

// ---- empty values / degenerate params -------------------------------------
uni('empty_body', '');
add({ name: 'empty_several_values', url: U, expect: true,
  params: smsForm({ Body: '', FromZip: '', ToCity: '', MessagingServiceSid: '' }) });
add({ name: 'empty_param_name', url: U, params: [['', 'x']].concat(smsForm()), expect: true,
  note: 'A form field "=x" gives an empty name; it sorts first.' });
add({ name: 'empty_params_post', url: U, params: [], expect: true, note: 'No parameters: data is just the URL.' });
add({ name: 'concat_ambiguity_accepted', url: U, params: [['a', 'bc']], sig: { params: [['ab', 'c']] }, expect: true,
  note: 'name+value concatenation is ambiguous: {ab:"c"} and {a:"bc"} sign identically; the library accepts.' });
add({ name: 'concat_ambiguity_empty_value', url: U, params: [['Bodyx', '']], sig: { params: [['Body', 'x']] }, expect: true });

// ---- repeated names ---------------------------------------------------------
const M1 = 'https://api.twilio.com/2010-04-01/Accounts/AC01/Messages/MM01/Media/ME01';
const M2 = 'https://api.twilio.com/2010-04-01/Accounts/AC01/Messages/MM01/Media/ME02';
add({ name: 'repeat_mediaurl_sorted_order', url: U, expect: true,
  params: smsForm({ NumMedia: '1' }).concat([['MediaUrl0', M1], ['MediaUrl0', M2]]) });
add({ name: 'repeat_mediaurl_reverse_order', url: U, expect: true,
  params: smsForm({ NumMedia: '1' }).concat([['MediaUrl0', M2], ['MediaUrl0', M1]]),
  note: 'Values of a repeated name are sorted, so send order does not matter.' });
add({ name: 'neg_repeat_signed_in_send_order', url: U, expect: false,
  params: [['Body', 'x'], ['MediaUrl0', M2], ['MediaUrl0', M1]],
  sig: { raw: naiveData(U, [['Body', 'x'], ['MediaUrl0', M2], ['MediaUrl0', M1]]) },
  note: 'Naive: repeated values concatenated in send order instead of sorted.' });
add({ name: 'repeat_to_different_values_interleaved', url: U, expect: true,
  params: [['To', '+14155550101'], ['From', '+14155550199'], ['Body', 'group'], ['To', '+14155550100']] });
add({ name: 'repeat_to_identical_values', url: U, expect: true,
  params: [['To', '+14155550100'], ['From', '+14155550199'], ['To', '+14155550100']],
  sig: { params: [['To', '+14155550100'], ['From', '+14155550199']] },
  note: 'Identical repeated values are de-duplicated: signs like a single To.' });
add({ name: 'neg_repeat_identical_not_deduped', url: U, expect: false,
  params: [['To', '+14155550100'], ['From', '+14155550199'], ['To', '+14155550100']],
  sig: { raw: U + 'From+14155550199To+14155550100To+14155550100' },
  note: 'Naive: identical repeated values both included.' });
add({ name: 'repeat_three_with_duplicate', url: U, expect: true,
  params: [['Tag', 'b'], ['Tag', 'a'], ['Tag', 'b'], ['Body', 'x']] });
add({ name: 'repeat_with_empty_value', url: U, expect: true, params: [['Tag', 'x'], ['Tag', ''], ['Body', 'y']] });
add({ name: 'repeat_values_prefixes', url: U, expect: true, params: [['Tag', 'abc'], ['Tag', 'a'], ['Tag', 'ab'], ['Tag', 'B']] });
add({ name: 'repeat_values_utf16_order', url: U, expect: true,
  params: [['Tag', 'x\uFF5E'], ['Tag', 'x\u{1F600}'], ['Body', 'z']],
  note: 'UTF-16 order: U+1F600 (surrogate 0xD83D) sorts BEFORE U+FF5E, although its UTF-8 (F0..) is larger than EF BD 9E.' });
add({ name: 'neg_repeat_values_utf8_byte_order', url: U, expect: false,
  params: [['Tag', 'x\uFF5E'], ['Tag', 'x\u{1F600}'], ['Body', 'z']],
  sig: { raw: naiveData(U, [['Body', 'z']].concat(['x\uFF5E', 'x\u{1F600}'].sort(byUtf8).map((v) => ['Tag', v]))) },
  note: 'Naive: repeated values sorted by UTF-8 bytes.' });

// ---- parameter name ordering ------------------------------------------------
add({ name: 'names_utf16_vs_utf8_order', url: U, expect: true,
  params: [['Body', 'hi'], ['x\uFF5E', 'fullwidth-tilde'], ['x\u{1F600}', 'grinning']],
  note: 'Names sorted by UTF-16 code units: "x\u{1F600}" < "x\uFF5E".' });
add({ name: 'neg_names_utf8_byte_order', url: U, expect: false,
  params: [['Body', 'hi'], ['x\uFF5E', 'fullwidth-tilde'], ['x\u{1F600}', 'grinning']],
  sig: { raw: naiveData(U, [['Body', 'hi'], ['x\uFF5E', 'fullwidth-tilde'], ['x\u{1F600}', 'grinning']].sort((a, b) => byUtf8(a[0], b[0]))) },
  note: 'Naive: names sorted by UTF-8 bytes.' });
add({ name: 'names_private_use_vs_supplementary', url: U, expect: true,
  params: [['\uE000', 'pua'], ['\u{10000}', 'linear-b'], ['\uD7FF', 'hangul-end'], ['\uFFFD', 'repl']] });
add({ name: 'names_ascii_case_order', url: U, expect: true,
  params: [['a', '1'], ['B', '2'], ['b', '3'], ['A', '4'], ['_', '5'], ['Z', '6'], ['0', '7'], ['~', '8']] });
add({ name: 'names_numeric_like', url: U, expect: true,
  params: [['10', 'ten'], ['9', 'nine'], ['2', 'two'], ['1', 'one'], ['01', 'zero-one']],
  note: 'String order ("01" < "1" < "10" < "2" < "9"), not numeric.' });
add({ name: 'neg_names_numeric_order', url: U, expect: false,
  params: [['10', 'ten'], ['9', 'nine'], ['2', 'two'], ['1', 'one']],
  sig: { raw: U + '1one2two9nine10ten' } });
add({ name: 'names_common_prefixes', url: U, expect: true,
  params: [['ToZip', '1'], ['To', '2'], ['ToCountry', '3'], ['ToCity', '4'], ['ToState', '5'], ['T\u043e', 'cyrillic-o']] });
add({ name: 'names_non_ascii_cjk', url: U, expect: true,
  params: [['\u540d\u524d', '\u592a\u90ce'], ['\u00dcn\u00efc\u00f6d\u00e9', 'v'], ['Body', 'x']] });
add({ name: 'names_with_special_chars', url: U, expect: true,
  params: [['a b', '1'], ['a+b', '2'], ['a&b', '3'], ['a=b', '4'], ['a%20b', '5'], ['a"b\\', '6']] });

// ---- GET style (params in the URL query, params empty) ----------------------
const qsEnc = (pairs, spacePlus) => pairs.map(([k, v]) => {
  const e = (s) => { const r = encodeURIComponent(s); return spacePlus ? r.replace(/%20/g, '+') : r; };
  return e(k) + '=' + e(v);
}).join('&');
add({ name: 'get_sms_full_query', url: U + '?' + qsEnc(smsForm({ Body: 'Hello World' }), false), params: [], expect: true });
add({ name: 'get_sms_full_query_plus_spaces', url: U + '?' + qsEnc(smsForm({ Body: 'Hello World' }), true), params: [], expect: true });
add({ name: 'get_query_unicode_encoded', url: U + '?' + qsEnc([['Body', '\u4f60\u597d \u{1F600}'], ['From', '+14155550199']], false), params: [], expect: true });
add({ name: 'neg_get_signed_without_query', url: U + '?' + qsEnc(smsForm(), false), params: [], sig: { url: U }, expect: false });
add({ name: 'neg_get_query_value_changed', url: U + '?' + qsEnc(smsForm({ Body: 'Hellp' }), false), params: [],
  sig: { url: U + '?' + qsEnc(smsForm(), false) }, expect: false });
add({ name: 'neg_get_params_given_as_form_instead', url: U, params: smsForm(),
  sig: { url: U + '?' + qsEnc(smsForm(), false), params: [] }, expect: false });

// ---- ports --------------------------------------------------------------------
const P = 'https://sms.example.com';
add({ name: 'port_https_signed_without_received_443', url: P + ':443/twilio/sms', params: smsForm(), sig: { url: U }, expect: true });
add({ name: 'port_https_signed_443_received_without', url: U, params: smsForm(), sig: { url: P + ':443/twilio/sms' }, expect: true });
add({ name: 'port_https_443_both', url: P + ':443/twilio/sms', params: smsForm(), expect: true });
add({ name: 'port_http_signed_without_received_80', url: 'http://sms.example.com:80/twilio/sms', params: smsForm(),
  sig: { url: 'http://sms.example.com/twilio/sms' }, expect: true });
add({ name: 'port_http_signed_80_received_without', url: 'http://sms.example.com/twilio/sms', params: smsForm(),
  sig: { url: 'http://sms.example.com:80/twilio/sms' }, expect: true });
add({ name: 'port_8443_both', url: P + ':8443/twilio/sms', params: smsForm(), expect: true });
add({ name: 'port_http_8080_both', url: 'http://sms.example.com:8080/twilio/sms', params: smsForm(), expect: true });
add({ name: 'port_8443_received_signed_without_port', url: P + ':8443/twilio/sms', params: smsForm(), sig: { url: U }, expect: true,
  note: 'removePort strips ANY port from the received URL, not just the default one.' });
add({ name: 'neg_port_8443_signed_received_without', url: U, params: smsForm(), sig: { url: P + ':8443/twilio/sms' }, expect: false,
  note: 'addPort only adds the scheme default (:443), never :8443.' });
add({ name: 'neg_port_https_signed_80_received_without', url: U, params: smsForm(), sig: { url: P + ':80/twilio/sms' }, expect: false });
add({ name: 'neg_port_http_signed_443_received_without', url: 'http://sms.example.com/twilio/sms', params: smsForm(),
  sig: { url: 'http://sms.example.com:443/twilio/sms' }, expect: false });
add({ name: 'neg_port_signed_443_received_8443', url: P + ':8443/twilio/sms', params: smsForm(), sig: { url: P + ':443/twilio/sms' }, expect: false });
add({ name: 'port_443_with_query', url: U + '?x=1&y=a:b', params: smsForm(), sig: { url: P + ':443/twilio/sms?x=1&y=a:b' }, expect: true });
add({ name: 'port_no_path_query_with_colon', url: 'https://sms.example.com?t=12:30', params: smsForm(),
  sig: { url: 'https://sms.example.com:443?t=12:30' }, expect: true,
  note: 'Authority ends at the first "/", "?" or "#": the colon in the query is not a port.' });
add({ name: 'port_ipv6_literal', url: 'https://[2001:db8::1]:443/twilio/sms', params: smsForm(),
  sig: { url: 'https://[2001:db8::1]/twilio/sms' }, expect: true,
  note: 'IPv6: a port colon is only searched after the closing "]".' });
add({ name: 'port_userinfo', url: 'https://user:p%40ss@sms.example.com:443/twilio/sms', params: smsForm(),
  sig: { url: 'https://user:p%40ss@sms.example.com/twilio/sms' }, expect: true,
  note: 'userinfo (up to the last "@") is kept; the port is searched after it.' });

// ---- trailing slash -----------------------------------------------------------
add({ name: 'neg_slash_signed_with_received_without', url: U, params: smsForm(), sig: { url: U + '/' }, expect: false });
add({ name: 'neg_slash_signed_without_received_with', url: U + '/', params: smsForm(), sig: { url: U }, expect: false });
add({ name: 'slash_both_present', url: U + '/', params: smsForm(), expect: true });

// ---- bodySHA256 (JSON webhooks): only the URL is signed, params empty -------
const jsonBody = '{"MessageSid":"SM00","Body":"hi"}';
const bodyHash = crypto.createHash('sha256').update(jsonBody, 'utf8').digest('hex');
add({ name: 'bodysha256_url_only', url: 'https://sms.example.com/twilio/json?bodySHA256=' + bodyHash, params: [], expect: true,
  note: 'validateRequest with params {} (what validateRequestWithBody does); the body hash check is separate.' });
add({ name: 'neg_bodysha256_other_hash_signed', url: 'https://sms.example.com/twilio/json?bodySHA256=' + bodyHash, params: [],
  sig: { url: 'https://sms.example.com/twilio/json?bodySHA256=' + bodyHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, expect: false });

// ---- library fallback: WHATWG URL normalisation + legacy querystring ----------
// These are accepted ONLY via the second stage of validateRequest
// (new URL(url).toString(), then withLegacyQuerystring); see NOTES.md.
add({ name: 'urlnorm_root_signed_with_slash_received_without', url: 'https://sms.example.com', params: smsForm(),
  sig: { url: 'https://sms.example.com/' }, expect: true });
add({ name: 'neg_urlnorm_root_signed_without_slash_received_with', url: 'https://sms.example.com/', params: smsForm(),
  sig: { url: 'https://sms.example.com' }, expect: false });
add({ name: 'urlnorm_uppercase_scheme_host', url: 'HTTPS://SMS.Example.COM/twilio/sms', params: smsForm(), sig: { url: U }, expect: true });
add({ name: 'urlnorm_uppercase_host_with_8443', url: 'https://SMS.EXAMPLE.COM:8443/twilio/sms', params: smsForm(),
  sig: { url: P + ':8443/twilio/sms' }, expect: true });
add({ name: 'urlnorm_apostrophe_signed_encoded', url: U + "?name=O'Brien", params: smsForm(), sig: { url: U + '?name=O%27Brien' }, expect: true,
  note: "new URL() percent-encodes ' in the query of special schemes." });
add({ name: 'urlnorm_apostrophe_signed_raw', url: U + '?name=O%27Brien', params: smsForm(), sig: { url: U + "?name=O'Brien" }, expect: true,
  note: "legacy querystring round trip decodes %27 and re-emits ' unescaped." });
add({ name: 'urlnorm_legacy_plus_to_space', url: U + '?q=a+b', params: smsForm(), sig: { url: U + '?q=a%20b' }, expect: true });
add({ name: 'neg_urlnorm_space_encoded_signed_plus', url: U + '?q=a%20b', params: smsForm(), sig: { url: U + '?q=a+b' }, expect: false });
add({ name: 'urlnorm_legacy_repeated_keys_grouped', url: U + '?a=1&b=2&a=3', params: smsForm(), sig: { url: U + '?a=1&a=3&b=2' }, expect: true });
add({ name: 'urlnorm_legacy_flag_without_equals', url: U + '?flag&x=1', params: smsForm(), sig: { url: U + '?flag=&x=1' }, expect: true });
// Node reads the decoded bytes as UTF-8 with one U+FFFD per maximal subpart
// of an ill-formed sequence (the Unicode standard's Table 3-8 example below).
add({ name: 'urlnorm_legacy_cut_short_utf8_is_one_replacement', url: U + '?x=%E2%82', params: smsForm(),
  sig: { url: U + '?x=%EF%BF%BD' }, expect: true });
add({ name: 'neg_urlnorm_legacy_cut_short_utf8_is_not_two_replacements', url: U + '?x=%E2%82', params: smsForm(),
  sig: { url: U + '?x=%EF%BF%BD%EF%BF%BD' }, expect: false });
add({ name: 'urlnorm_legacy_unicode_table_3_8', url: U + '?x=%61%F1%80%80%E1%80%C2%62%80%63%80%BF%64', params: smsForm(),
  sig: { url: U + '?x=a%EF%BF%BD%EF%BF%BD%EF%BF%BDb%EF%BF%BDc%EF%BF%BD%EF%BF%BDd' }, expect: true });
add({ name: 'urlnorm_dot_segments', url: 'https://sms.example.com/twilio/x/../sms', params: smsForm(), sig: { url: U }, expect: true });
add({ name: 'urlnorm_raw_utf8_path_and_query', url: 'https://sms.example.com/caf\u00e9?x=\u00e9', params: smsForm(),
  sig: { url: 'https://sms.example.com/caf%C3%A9?x=%C3%A9' }, expect: true });
add({ name: 'urlnorm_space_in_path', url: 'https://sms.example.com/twilio/my hook', params: smsForm(),
  sig: { url: 'https://sms.example.com/twilio/my%20hook' }, expect: true });

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------
function candidates(url) {
  const stage1 = [['removePort(url)', priv.removePort(url)], ['addPort(url)', priv.addPort(url)]];
  const n = new URL(url).toString();
  const nWo = priv.removePort(n);
  const nW = priv.addPort(n);
  const stage2 = [
    ['removePort(new URL(url))', nWo],
    ['addPort(new URL(url))', nW],
    ['withLegacyQuerystring(removePort(new URL(url)))', priv.withLegacyQuerystring(nWo)],
    ['withLegacyQuerystring(addPort(new URL(url)))', priv.withLegacyQuerystring(nW)],
  ];
  return { stage1, stage2 };
}

const names = new Set();
const results = [];
for (const v of V) {
  if (names.has(v.name)) throw new Error('duplicate name ' + v.name);
  names.add(v.name);
  const token = v.token !== undefined ? v.token : T;
  const s = v.sig || {};
  let signature;
  if (s.literal !== undefined) signature = s.literal;
  else if (s.raw !== undefined) signature = rawSig(s.token !== undefined ? s.token : token, s.raw);
  else signature = sign(s.token !== undefined ? s.token : token, s.url !== undefined ? s.url : v.url, s.params !== undefined ? s.params : v.params);
  if (v.mutate) signature = v.mutate(signature);

  const obj = toParamsObject(v.params);
  const valid = twilio.validateRequest(token, signature, v.url, obj);
  if (typeof valid !== 'boolean') throw new Error(v.name + ': non-boolean result');
  if (v.expect !== undefined && v.expect !== valid) {
    throw new Error(`${v.name}: library says ${valid}, definition expected ${v.expect}`);
  }
  // Annotate which candidate URL matched (re-check against the library verdict).
  const { stage1, stage2 } = candidates(v.url);
  const matches = (c) => twilio.getExpectedTwilioSignature(token, c, obj) === signature;
  const m1 = stage1.find(([, c]) => matches(c));
  const m2 = m1 ? undefined : stage2.find(([, c]) => matches(c));
  if (Boolean(m1 || m2) !== valid) throw new Error(v.name + ': candidate re-check disagrees with validateRequest');
  const isNorm = /^(neg_)?urlnorm_/.test(v.name);
  if (!isNorm && m2) throw new Error(v.name + ': needs the URL-normalisation fallback but is not named urlnorm_*');
  if (isNorm && valid && !m2) throw new Error(v.name + ': urlnorm_* vector accepted without the fallback');
  results.push({ v, token, signature, valid, via: m1 || m2 });
}

// ---------------------------------------------------------------------------
// C++ emission
// ---------------------------------------------------------------------------
/** Byte-exact C++ string literal from a JS string (encoded UTF-8):
 * escape \ and ", every byte < 0x20, 0x7f, >= 0x80 as a 3-digit octal escape,
 * and a '?' directly following '?' as \077 (avoid trigraph warnings). */
function cstr(s) {
  if (s.includes('\u0000')) throw new Error('NUL cannot be represented (const char* literal)');
  let out = '"';
  let prev = -1;
  for (const b of Buffer.from(s, 'utf-8')) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else if (b === 0x3f && prev === 0x3f) out += '\\077';
    else out += String.fromCharCode(b);
    prev = b;
  }
  return out + '"';
}
/** Comments: printable ASCII only (other code points as U+XXXX, backslash as
 * "(backslash)"), so a comment can never splice lines or hold a UCN. */
const ccomment = (s) => s
  .replace(/\\/g, '(backslash)')
  .replace(/[^\x20-\x7e]/gu, (c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0'));

const lines = [];
lines.push('// GENERATED FILE - DO NOT EDIT.');
lines.push(`// X-Twilio-Signature test vectors decided by the official twilio npm package ${twilioVersion}`);
lines.push('// (twilio.getExpectedTwilioSignature / twilio.validateRequest).');
lines.push('// Regenerate: cd tests/signature/vectors && npm ci && node gen_vectors.js');
lines.push('// Element type:');
lines.push('//   struct SignatureVector { std::string name; std::string token; std::string url;');
lines.push('//     std::vector<std::pair<std::string, std::string>> params; std::string signature; bool valid; };');
lines.push('// params: decoded form fields in the order sent (repeated names allowed).');
lines.push('// "accepted via" names the library candidate URL whose signature matched;');
lines.push('// vectors named urlnorm_* / neg_urlnorm_* exercise the WHATWG-URL / legacy-querystring');
lines.push('// fallback of validateRequest (see NOTES.md). All other vectors need only the');
lines.push('// as-received candidates removePort(url) and addPort(url).');
lines.push(`// ${results.length} vectors.`);
lines.push('');
for (const { v, token, signature, valid, via } of results) {
  if (v.note) lines.push('// ' + ccomment(v.note));
  if (via) {
    const same = via[1] === v.url ? ' (unchanged: the URL as received)' : '';
    lines.push('// accepted via ' + via[0] + same + ' = ' + ccomment(via[1]));
  }
  const params = '{' + v.params.map(([k, val]) => '{' + cstr(k) + ', ' + cstr(val) + '}').join(', ') + '}';
  lines.push(`{${cstr(v.name)}, ${cstr(token)}, ${cstr(v.url)}, ${params}, ${cstr(signature)}, ${valid ? 'true' : 'false'}},`);
}
const outFile = path.join(__dirname, 'vectors.inc');
fs.writeFileSync(outFile, lines.join('\n') + '\n');
const nValid = results.filter((r) => r.valid).length;
console.log(`twilio ${twilioVersion}: wrote ${results.length} vectors (${nValid} valid, ${results.length - nValid} invalid) to ${outFile}`);
