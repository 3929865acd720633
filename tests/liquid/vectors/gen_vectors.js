#!/usr/bin/env node
// Generates vectors.inc and errors.inc: what the liquidjs npm package (version
// pinned in package.json / package-lock.json) renders for each template of the
// corpus below with the data below, byte for byte, and which templates it
// refuses. tests/liquid/vectors_test.cpp renders the same with our engine.
//
// Regenerate:   make liquid-vectors   (cd tests/liquid/vectors && npm ci && node gen_vectors.js)
//
// liquidjs is configured as Studio runs Liquid: strictFilters (an unknown
// filter is an error), undefined variables render empty, Studio's to_json as
// JSON.stringify. Time is fixed: TZ=UTC and "now" is kNow.

'use strict';

process.env.TZ = 'UTC';
const fs = require('fs');
const path = require('path');
const { Liquid } = require('liquidjs');
const LIQUID_VERSION = require('liquidjs/package.json').version;

const kNow = 1764547200; // 2025-12-01T00:00:00Z, seconds; the C++ test passes the same
Date.now = () => kNow * 1000;

const engine = new Liquid({ strictFilters: true });
engine.registerFilter('to_json', (v) => JSON.stringify(v));

const data = {
  trigger: { message: { Body: 'Hello World', From: '+15551230001', To: '+15559870000', NumMedia: '0' } },
  widgets: {
    ask: { inbound: { Body: ' YES ' } },
    http: { parsed: { items: [{ name: 'b', n: 2, ok: true }, { name: 'A', n: 1, ok: false }, { name: 'c', n: 3 }], count: 3 } },
  },
  flow: { variables: { count: '5', name: 'Ann', zero: 0, empty: '', neg: -3.5 } },
  s: 'héllo wörld 😀', n: null, t: true, f: false, i: 42, x: 3.14159, neg: -7, half: 2.5, nhalf: -2.5,
  a: [3, 1, 2], words: ['b', 'A', 'c', 'a'], nested: [[1, 2], [3]], mixed: [1, '1', null, true, 'x'],
  dup: [1, '1', 1, 'a', 'a', null, null],
  o: { k: 'v', size: 7 }, p: { first: 'F', last: 'L' }, e: [], es: '', ws: '  \t ', num_str: '12', float_str: '2.5',
  key: 'k', idx: 1, big: 1e21, small: 1e-7, huge_int: 123456789012345680000, html: '<a href="x">&amp;\'</a>',
  url: 'a b&c=d/é?+%', date_iso: '2024-02-29T13:05:09Z', date_day: '2024-03-01', ts: 1700000000, ts_str: '1700000000',
  multi: 'line1\nline2\r\nline3', padded: '  pad me  ', sentence: 'The quick  brown fox jumps over the lazy dog',
  unicode: 'Ünïcödé ✓ 日本語', emoji: '😀😃😄', zero_str: '0', neg_str: '-4', space_str: ' 7 ',
};

const cases = [];
function add(name, template, extra) {
  // Names made from templates can collide (a[1] and a["1"]): number the later ones.
  if (cases.some((c) => c.name === name)) name = `${name}_${cases.length}`;
  cases.push({ name, template, data: extra === undefined ? data : Object.assign({}, data, extra) });
}

// Output of every kind of value.
for (const v of ['n', 't', 'f', 'i', 'x', 'neg', 'half', 'a', 'words', 'nested', 'mixed', 'o', 'e', 'es', 'big', 'small',
  'huge_int', 's', 'emoji', 'undefined_var', 'trigger.message.Body', 'widgets.ask.inbound.Body', 'flow.variables.count'])
  add(`output_${v.replace(/\./g, '_')}`, `[{{ ${v} }}]`);
for (const lit of ['"str"', "'single'", '1', '-1', '1.5', '-0.5', '0.1', '100.0', 'true', 'false', 'nil', 'null', 'empty', 'blank',
  '(1..4)', '(3..1)', '"a\\"b"', "'a\\nb'", '12345678901234567890', '0.000001', '0.0000001'])
  add(`literal_${cases.length}`, `[{{ ${lit} }}]`);

// Lookups.
const lookups = ['trigger.message.From', 'widgets.http.parsed.items[0].name', 'widgets.http.parsed.items[-1].n',
  'widgets.http.parsed.items.size', 'widgets.http.parsed.items.first.name', 'widgets.http.parsed.items.last.name',
  'a[0]', 'a[-1]', 'a[5]', 'a[idx]', 'a.size', 'a.first', 'a.last', 'a.length', 'o["k"]', 'o[key]', 'o.size', 'p.first',
  'p.last', 's.size', 'emoji.size', 'es.size', 'e.size', 'e.first', 'n.size', 'i.size', 'o.missing.deeper', 'missing.deeper[0]',
  '["s"]', 'a["1"]', 'nested[0][1]', 'nested[1].size', 'widgets["ask"].inbound["Body"]', 'widgets[key]', 'flow.variables[nope]',
  's.first', 'o.k.size', 'a.0', 'words[a[1]]'];
for (const l of lookups) add(`lookup_${l.replace(/[^A-Za-z0-9]+/g, '_')}`, `[{{ ${l} }}]`);

// Operators and conditions.
const operands = ['1', '2', '"1"', '"a"', '"b"', 'n', 'undefined_var', 't', 'f', 'a', 'e', 'es', 'ws', 'o', 'empty', 'blank', 'num_str', '1.0', '-1', 'nil'];
const ops = ['==', '!=', '<', '>', '<=', '>=', 'contains'];
const opPairs = [['1', '1'], ['1', '2'], ['1', '"1"'], ['"a"', '"b"'], ['"b"', '"a"'], ['n', '1'], ['undefined_var', '1'],
  ['undefined_var', 'nil'], ['n', 'nil'], ['t', 'true'], ['a', 'a'], ['e', 'empty'], ['es', 'empty'], ['ws', 'blank'],
  ['es', 'blank'], ['n', 'blank'], ['f', 'blank'], ['o', 'empty'], ['a', 'empty'], ['num_str', '12'], ['num_str', '9'],
  ['"10"', '9'], ['1.0', '1'], ['-1', '0'], ['s', '"wör"'], ['a', '2'], ['a', '"2"'], ['mixed', '"1"'], ['mixed', 'nil'],
  ['o', '"k"'], ['i', '"4"'], ['empty', 'es'], ['blank', 'ws'], ['"abc"', '"abd"'], ['"Z"', '"a"'], ['t', 'f'], ['f', '0']];
for (const [l, r] of opPairs)
  for (const op of ops) add(`op_${cases.length}`, `{% if ${l} ${op} ${r} %}y{% else %}n{% endif %}`);
for (const v of operands) add(`truthy_${cases.length}`, `{% if ${v} %}y{% else %}n{% endif %}`);
for (const c of ['true and false', 'true or false', 'false or false or true', 'false and false or true', 'true or false and false',
  'true and true and false', 'f or n or undefined_var', 'n or 0', '1 == 1 and 2 == 2', '1 == 2 or 2 == 2 and 3 == 4',
  'a contains 1 and words contains "A"', 'es or ws'])
  add(`logic_${cases.length}`, `{% if ${c} %}y{% else %}n{% endif %}`);

// Tags.
const tags = [
  '{% if i > 40 %}big{% elsif i > 10 %}mid{% else %}small{% endif %}',
  '{% if i > 50 %}big{% elsif i > 10 %}mid{% else %}small{% endif %}',
  '{% if i > 50 %}big{% elsif i > 45 %}mid{% else %}small{% endif %}',
  '{% unless t %}u{% else %}e{% endunless %}', '{% unless f %}u{% endunless %}',
  '{% case i %}{% when 1 %}one{% when 42 %}answer{% else %}other{% endcase %}',
  '{% case "b" %}{% when "a", "b" %}ab{% when "c" or "b" %}cb{% else %}none{% endcase %}',
  '{% case widgets.ask.inbound.Body | strip | downcase %}{% when "yes" %}Y{% when "no" %}N{% else %}?{% endcase %}',
  '{% case n %}{% when nil %}nil{% else %}x{% endcase %}', '{% case 5 %}{% when 1 %}a{% endcase %}',
  '{% case 5 %}{% when 1 %}a{% else %}e{% endcase %}', '{% case 1 %}{% when 1 %}a{% when 1 %}b{% endcase %}',
  '{% assign v = "x" | append: "y" %}{{ v }}{{ v | size }}', '{% assign v = a %}{{ v | join: "-" }}',
  '{% assign n2 = i | plus: 1 %}{{ n2 }}', '{% assign s = "shadow" %}{{ s }}', '{% assign a = "str" %}{{ a.size }}',
  '{% capture c %}x{{ i }}y{% endcapture %}[{{ c }}]{{ c.size }}', "{% capture 'q' %}v{% endcapture %}{{ q }}",
  '{% for x in a %}{{ x }}{% endfor %}', '{% for x in a reversed %}{{ x }}{% endfor %}',
  '{% for x in a limit: 2 %}{{ x }}{% endfor %}', '{% for x in a offset: 1 %}{{ x }}{% endfor %}',
  '{% for x in a offset: 1 limit: 1 %}{{ x }}{% endfor %}', '{% for x in a limit: 2 reversed %}{{ x }}{% endfor %}',
  '{% for x in a reversed offset: 2 %}{{ x }}{% endfor %}', '{% for x in a limit: -1 %}{{ x }}{% endfor %}',
  '{% for x in a offset: 9 %}{{ x }}{% else %}none{% endfor %}', '{% for x in e %}{{ x }}{% else %}empty{% endfor %}',
  '{% for x in n %}{{ x }}{% else %}nil{% endfor %}', '{% for x in s %}[{{ x }}]{% endfor %}',
  '{% for x in o %}{{ x[0] }}={{ x[1] }};{% endfor %}', '{% for i in (1..5) %}{{ i }}{% endfor %}',
  '{% for i in (1..num_str) %}{{ i }}{% endfor %}', '{% for i in (idx..3) %}{{ i }}{% endfor %}',
  '{% for i in (5..1) %}{{ i }}{% else %}none{% endfor %}', '{% for i in (-2..2) %}{{ i }},{% endfor %}',
  '{% for i in (1..3) %}{% for j in (1..2) %}{{ i }}{{ j }} {% endfor %}{% endfor %}',
  '{% for i in (1..10) %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}',
  '{% for i in (1..6) %}{% if i == 2 or i == 4 %}{% continue %}{% endif %}{{ i }}{% endfor %}',
  '{% for i in (1..3) %}{% for j in (1..3) %}{% if j == 2 %}{% break %}{% endif %}{{ i }}{{ j }}{% endfor %}{% endfor %}',
  '{% for x in words %}{{ forloop.index }}/{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.rindex0 }}/{{ forloop.first }}/{{ forloop.last }}/{{ forloop.length }} {% endfor %}',
  '{% for i in (1..3) %}{% if forloop.first %}<{% endif %}{{ i }}{% unless forloop.last %},{% endunless %}{% endfor %}>',
  '{% for i in (1..3) %}{% assign last = i %}{% endfor %}{{ last }}{{ i }}',
  '{% for item in widgets.http.parsed.items %}{{ item.name }}:{{ item.n | times: 10 }} {% endfor %}',
  '{% comment %}hidden {{ x }}{% endcomment %}shown', '{% raw %}{{ x }}{% if %}{% endraw %}', '{% raw %}{% endraw %}x',
  '{% # inline comment %}after', '{% echo "e" | upcase %}', 'a {%- if true -%} b {%- endif -%} c',
  'a {{- " b " -}} c', 'x\n  {%- assign q = 1 %}\n  y', "{{ i -}}\n\n{{- i }}", 'keep  {{ i }}  spaces',
  '{% if flow.variables.count %}{{ flow.variables.count | plus: 1 }}{% else %}1{% endif %}',
  '{% if flow.variables.missing %}{{ flow.variables.missing | plus: 1 }}{% else %}1{% endif %}',
  'Hi {{ flow.variables.name | default: "there" }}, you said "{{ trigger.message.Body | downcase }}"',
  '{{ "now" | date: "%Y-%m-%d %H:%M" }}', '{{ "today" | date: "%A" }}',
  '{% if true %}{% if false %}a{% else %}{% if true %}b{% endif %}{% endif %}{% endif %}',
  '{% for i in (1..3) %}{% capture line %}{{ line }}{{ i }}{% endcapture %}{% endfor %}{{ line }}',
  '{% assign list = "c,a,b" | split: "," | sort %}{% for x in list %}{{ x }}{% endfor %}',
];
tags.forEach((t, k) => add(`tag_${k}`, t));

// Filters on a spread of inputs.
const filterInputs = ['"Hello World"', 's', 'unicode', 'emoji', 'es', 'n', 'i', 'x', 'neg', 'a', 'padded', 'multi', 'html',
  'url', 'num_str', 'undefined_var', 'words'];
const unaryFilters = ['downcase', 'upcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_newlines', 'newline_to_br', 'size',
  'first', 'last', 'reverse', 'escape', 'escape_once', 'url_encode', 'json', 'to_json', 'abs', 'ceil', 'floor', 'round',
  'sort', 'sort_natural', 'compact', 'uniq', 'join', 'sum'];
for (const f of unaryFilters)
  for (const input of filterInputs) add(`filter_${f}_${input.replace(/[^A-Za-z0-9]+/g, '_')}`, `[{{ ${input} | ${f} }}]`);
const argFilters = [
  'append: "!"', 'append: i', 'prepend: ">"', 'remove: "l"', 'remove_first: "l"', 'remove_last: "l"', 'replace: "l", "L"',
  'replace_first: "l", "L"', 'replace_last: "l", "L"', 'replace: "", "-"', 'split: " "', 'split: ""', 'split: "l"',
  'truncate: 5', 'truncate: 5, ""', 'truncate: 3, "…"', 'truncate: 0', 'truncate: 100', 'truncatewords: 2',
  'truncatewords: 2, "--"', 'truncatewords: 0', 'slice: 1', 'slice: 1, 3', 'slice: -2', 'slice: -2, 5', 'slice: 20',
  'default: "dflt"', 'plus: 1', 'plus: "2.5"', 'minus: 3', 'times: 2', 'times: 1.5', 'divided_by: 4', 'divided_by: 0',
  'divided_by: 4, true', 'modulo: 3', 'modulo: -3', 'at_least: 5', 'at_most: 5', 'round: 2', 'round: -1', 'join: ", "',
  'concat: a', 'map: "name"', 'where: "ok"', 'where: "n", 2', 'reject: "ok"', 'sort: "n"', 'sum: "n"',
  'find: "n", 3', 'find: "ok"', 'find_index: "name", "A"', 'find_index: "n", 9', 'has: "ok"', 'has: "n", 9',
];
const argInputs = ['"hello world"', 's', 'i', 'neg', 'x', 'a', 'n', 'num_str', 'widgets.http.parsed.items', 'emoji'];
for (const f of argFilters)
  for (const input of argInputs) add(`filter_${f.replace(/[^A-Za-z0-9]+/g, '_')}_${input.replace(/[^A-Za-z0-9]+/g, '_')}`, `[{{ ${input} | ${f} }}]`);
const moreFilters = [
  '{{ f | default: "d" }}', '{{ f | default: "d", allow_false: true }}', '{{ e | default: "d" }}', '{{ zero | default: "d" }}',
  '{{ 0 | default: "d" }}', '{{ "a,b" | split: "," | join: "+" }}', '{{ words | sort | join }}', '{{ words | sort_natural | join }}',
  '{{ widgets.http.parsed.items | map: "name" | join: "," }}', '{{ widgets.http.parsed.items | sort: "name" | map: "n" | join }}',
  '{{ widgets.http.parsed.items | where: "name", "c" | map: "n" | first }}', '{{ dup | uniq | json }}', '{{ mixed | compact | json }}',
  '{{ nested | json }}', '{{ o | json }}', '{{ n | json }}', '{{ trigger.message | to_json }}', '{{ "tab\\there\\n\\"q\\"" | json }}', '{{ multi | json }}',
  '{{ 1.0 | json }}', '{{ big | json }}', '{{ x | times: 100 | round | divided_by: 100 }}', '{{ 0.1 | plus: 0.2 }}',
  '{{ 1 | divided_by: 3 }}', '{{ -1 | divided_by: 0 }}', '{{ 0 | divided_by: 0 }}', '{{ half | round }}', '{{ nhalf | round }}',
  '{{ 1.005 | round: 2 }}', '{{ 1234.5678 | round: -2 }}', '{{ space_str | plus: 1 }}', '{{ neg_str | abs }}', '{{ "abc" | plus: 1 }}',
  '{{ "0x1A" | plus: 0 }}', '{{ "1e3" | plus: 0 }}', '{{ t | plus: 1 }}', '{{ n | plus: 1 }}', '{{ a | plus: 1 }}',
  '{{ 7 | modulo: 2.5 }}', '{{ -7 | modulo: 3 }}', '{{ 10 | minus: 10.5 }}', '{{ 3 | times: -0 }}', '{{ 1 | divided_by: 0 | times: -1 }}',
  '{{ "Hello" | slice: 0 }}', '{{ emoji | slice: 1, 1 }}', '{{ a | slice: -1 }}', '{{ "a b" | url_encode }}',
  '{{ "a+b%20c%2Fd" | url_decode }}', '{{ "caf%C3%A9" | url_decode }}', '{{ "&amp; &lt;" | escape_once }}', '{{ "<b>" | escape }}',
  '{{ "2024-02-29T13:05:09Z" | date: "%Y-%m-%d %H:%M:%S" }}', '{{ date_iso | date: "%a %A %b %B %d %e %j %m %y %Y" }}',
  '{{ date_iso | date: "%H %I %k %l %M %S %p %P %L %s %u %w %U %W %C %q" }}', '{{ date_iso | date: "%-d %-m %_d %05Y %^a %^B %#p %:z %z %Z %%" }}',
  '{{ date_day | date: "%b %-d, %Y" }}', '{{ ts | date: "%Y-%m-%dT%H:%M:%S" }}', '{{ ts_str | date: "%F %T" }}',
  '{{ 0 | date: "%Y %j %U %W" }}', '{{ 1709251200 | date: "%A %d %B" }}', '{{ "2024-01-01T00:00:00+02:00" | date: "%Y-%m-%d %H:%M" }}',
  '{{ "2024-06-15T08:30:00" | date: "%H:%M" }}', '{{ "2024-06-15 08:30:00" | date: "%H:%M" }}', '{{ "2024-06-15T08:30:00.250Z" | date: "%L %N %3N" }}',
  '{{ "not a date" | date: "%Y" }}', '{{ n | date: "%Y" }}', '{{ "" | date: "%Y" }}', '{{ -86400 | date: "%Y-%m-%d %a" }}',
  '{{ ts | date: "%Q %E %O" }}', '{{ ts | date: "no codes" }}', '{{ ts | date: "%10A|%-10A|%_5m|%03e" }}', '{{ ts | date }}',
  '{{ 951782400 | date: "%Y-%m-%d %j" }}', '{{ 4107542400 | date: "%Y-%m-%d %A" }}', '{{ "now" | date: "%s" }}',
  '{{ "1,2,3" | split: "," | sum }}', '{{ a | concat: words | join: "" }}', '{{ unicode | split: "" | size }}', '{{ emoji | split: "" | join: "." }}',
  '{{ sentence | truncatewords: 3 }}', '{{ sentence | truncatewords: 30 }}', '{{ sentence | truncate: 20 }}',
  '{{ "  x  " | strip | size }}', '{{ "abc" | truncate: "x" }}', '{{ "abcdef" | truncate: num_str, "." }}',
  `{{ "${'9'.repeat(400)}" | date: "%Y" }}`, '{{ "99999999999999999" | date: "%Y" }}', '{{ multi | newline_to_br }}', '{{ "a\u00a0" | strip | size }}',
];
moreFilters.forEach((t, k) => add(`filters_${k}`, t));

// Templates liquidjs refuses: each must fail to parse in our engine too.
const errorTemplates = [
  '{{ x | nosuchfilter }}', '{% nosuchtag %}', '{% if x %}open', '{% for x in a %}open', '{% unless x %}', '{% case x %}',
  '{% capture c %}', '{% comment %}', '{% raw %}', '{{ x', '{% if x', '{{ }}', '{% endif %}', '{% endfor %}', '{% else %}',
  '{% if true %}a{% else %}b{% else %}c{% endif %}', '{% for %}{% endfor %}', '{% for x a %}{% endfor %}', '{% assign %}',
  '{% assign = 1 %}', '{{ "a" | append }}', 'line1\nline2 {{ y | bad }}', '{{ "unclosed }}',
  '{% if %}{% endif %}', '{% elsif x %}', '{% when 1 %}', '{% endcase %}', '{% endcapture %}', '{% endunless %}',
  '{{ x | upcase | nope: 1 }}', '{% for i in (1..3) %}{% endif %}', '{% include "x" %}',
];

function cString(s) {
  let out = '"';
  let prevQuestion = false;
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '?' && prevQuestion) out += '\\?';
    else if (byte < 0x20 || byte >= 0x7f) out += '\\' + byte.toString(8).padStart(3, '0');
    else out += ch;
    prevQuestion = ch === '?';
  }
  return out + '"';
}

// Each file holds one C string literal of JSON, which the test parses with
// nlohmann: a thousand aggregate initializers made the compiler crawl.
function writeInc(file, what, json) {
  const lines = [
    `// GENERATED by tests/liquid/vectors/gen_vectors.js from liquidjs ${LIQUID_VERSION}. DO NOT EDIT.`,
    '// Regenerate: make liquid-vectors',
    `// ${what}`,
  ];
  // Adjacent literals concatenate: cut the text into lines of 100 characters.
  const chars = Array.from(JSON.stringify(json));
  for (let i = 0; i < chars.length; i += 100) lines.push(cString(chars.slice(i, i + 100).join('')));
  fs.writeFileSync(path.join(__dirname, file), lines.join('\n') + '\n');
}

const vectors = [];
let refused = 0;
for (const c of cases) {
  let expected;
  try {
    expected = engine.parseAndRenderSync(c.template, c.data);
  } catch (e) {
    // A render that liquidjs rejects is no vector.
    refused++;
    console.error(`skipped ${c.name}: ${c.template}: ${e.message}`);
    continue;
  }
  // A lone UTF-16 surrogate (half an emoji) has no UTF-8 form to compare.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(expected)) {
    refused++;
    console.error(`skipped ${c.name}: ${c.template}: renders a lone surrogate`);
    continue;
  }
  vectors.push([c.name, c.template, c.data === data ? null : c.data, expected]);
}
const errors = [];
for (const t of errorTemplates) {
  let message = null;
  try {
    engine.parse(t);
    engine.parseAndRenderSync(t, data);
  } catch (e) {
    message = e.message;
  }
  if (message === null) throw new Error(`liquidjs accepts the error template ${t}: take it out of errorTemplates`);
  errors.push([t, message]);
}
writeInc('vectors.inc', '{"now": seconds, "data": default data, "vectors": [[name, template, data or null for the default, expected]]}; TZ=UTC',
  { now: kNow, data, vectors });
writeInc('errors.inc', '[[template, liquidjs message]]: templates liquidjs refuses', errors);
console.log(`${vectors.length} vectors (${refused} skipped), ${errors.length} error templates`);
