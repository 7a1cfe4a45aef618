// The Jinja language, snippet by snippet, against Python's jinja2: each
// snippet must render to the same bytes, or fail in both.
#include <gtest/gtest.h>

#include "jinja_reference.h"

namespace hearth::chat::testing {
namespace {

nlohmann::ordered_json sample_context() {
  return nlohmann::ordered_json::parse(R"({
    "d": {"a": 1, "items": 2, "b": [1, 2], "z": null},
    "l": [3, 1, 2],
    "s": "h\u00e9llo w\u00f6rld",
    "n": null,
    "t": true,
    "f": 1.5,
    "i": 7,
    "e": "",
    "big": 12345678901,
    "msgs": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"},
             {"role": "user", "content": "bye"}],
    "nested": {"x": {"y": [10, 20]}},
    "words": ["b", "A", "c", "a", "B"],
    "people": [{"name": "bob", "age": 30}, {"name": "Al", "age": 25}, {"name": "cy", "age": 30}],
    "emoji": "a\ud83d\ude00b",
    "multiline": "line one\nline two\n\nline four"
  })");
}

std::vector<Snippet> with_sample_context(std::initializer_list<const char*> sources) {
  std::vector<Snippet> snippets;
  for (const char* source : sources) snippets.push_back({source, sample_context()});
  return snippets;
}

TEST(LanguageVsJinja2, PrintsValuesAsPython) {
  expect_same_as_jinja2(with_sample_context({
      "{{ n }}|{{ t }}|{{ f }}|{{ i }}|{{ big }}|{{ e }}|{{ undefined_name }}|",
      "{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }}",
      "{{ -0.0 }} {{ 3 / 2 }} {{ 4 / 2 }} {{ 1 / 3 }} {{ 2 ** 0.5 }} {{ 10 / 4 * 3 }}",
      "{{ l }} {{ d }} {{ msgs[0] }} {{ (1,) }} {{ (1, 'a') }} {{ () }} {{ [] }} {{ {} }}",
      "{{ ['it\\'s', \"say \\\"hi\\\"\", 'both \\' and \"', 'tab\\there', 'nl\\n', '\\\\'] }}",
      "{{ [s, emoji, '\\x01', '\\x7f', '\\u00a0', '\\u200b', '\\U0001F600'] }}",
      "{{ [none, true, false, 1.5, -2] }}",
      "{{ namespace(a=1, b='x') }}",
      "{{ 'a' 'b' \"c\" }}",
      "{{ '\\101\\x41\\u0041' }} {{ 'a\\qb' }} {{ 'caf\\u00e9' }}",
  }));
}

TEST(LanguageVsJinja2, Arithmetic) {
  expect_same_as_jinja2(with_sample_context({
      "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 7.5 // 2 }} {{ -7.5 % 2 "
      "}}",
      "{{ 2 ** 10 }} {{ 2 ** -1 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ (-2) ** 2 }}",
      "{{ 1 + 2 * 3 - 4 }} {{ (1 + 2) * 3 }} {{ 1 + 2.5 }} {{ true + 1 }} {{ 3 * true }}",
      "{{ 'ab' * 3 }} {{ 3 * 'ab' }} {{ [1, 2] * 2 }} {{ 'x' * 0 }} {{ 'x' * -1 }}",
      "{{ 'a' + 'b' }} {{ [1] + [2] }} {{ (1,) + (2,) }}",
      "{{ 1 ~ 2 ~ 'x' ~ none ~ undefined_name ~ l }}",
      "{{ -i }} {{ +f }} {{ - - 3 }}",
      "{{ 1 / 0 }}",
      "{{ 1 // 0 }}",
      "{{ 1 % 0 }}",
      "{{ 'a' + 1 }}",
      "{{ 1 + 'a' }}",
      "{{ [1] + (1,) }}",
      "{{ undefined_name + 1 }}",
      "{{ -'a' }}",
      "{{ 'a' - 'b' }}",
      "{{ '%s and %s' % ('a', 'b') }} {{ '%d%%' % 50 }} {{ '%5.2f|%-5s|%05d|%x|%X|%o|%r' % "
      "(3.14159, 'ab', 42, 255, 255, 8, 'q') }}",
      "{{ '%(name)s is %(age)d' % {'name': 'bob', 'age': 3} }} {{ '%s' % [1, 2] }} {{ '%s' % none "
      "}}",
      "{{ '%s %s' % ('a',) }}",
      "{{ 'x' % 5 }}",
      "{{ '%+d % d %e %g %G %c %c' % (5, 5, 12345.678, 0.00001234, 1e20, 65, 'z') }}",
  }));
}

TEST(LanguageVsJinja2, ComparisonsAndLogic) {
  expect_same_as_jinja2(with_sample_context({
      "{{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' == 'a' }} {{ [1, 2] == [1, 2] }} {{ (1, 2) == [1, 2] "
      "}}",
      "{{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }} {{ none == none }} {{ undefined_name == none }} "
      "{{ x == y }}",
      "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ 'B' < 'a' }} {{ [1, 2] < [1, 3] }} {{ 2 "
      ">= 2.0 }}",
      "{{ 'é' > 'z' }} {{ 1 != 2 }} {{ 'a' != 'a' }}",
      "{{ 1 < 'a' }}",
      "{{ undefined_name < 1 }}",
      "{{ 'ell' in s }} {{ 'x' in s }} {{ 2 in l }} {{ 5 not in l }} {{ 'a' in d }} {{ 'q' in d }} "
      "{{ 1 in undefined_name }}",
      "{{ 1 in 'abc' }}",
      "{{ 1 in 5 }}",
      "{{ 1 in none }}",
      "{{ [1] in d }}",
      "{{ true and 'x' }} {{ 0 and 'x' }} {{ '' or 'y' }} {{ 'a' or 'b' }} {{ none or [] }} {{ not "
      "0 }} {{ not 'a' }}",
      "{{ not undefined_name }} {{ undefined_name or 'fallback' }} {{ d and l and s }}",
      "{{ 'yes' if t else 'no' }} {{ 'yes' if n else 'no' }} [{{ 'only' if n }}] {{ 1 if 0 else 2 "
      "if 0 else 3 }}",
      "{% if not t %}a{% elif i > 5 and f < 2 %}b{% else %}c{% endif %}",
      "{% if [] %}a{% elif {} %}b{% elif 0.0 %}c{% elif '' %}d{% elif none %}e{% else %}f{% endif "
      "%}",
  }));
}

TEST(LanguageVsJinja2, AttributesItemsAndSlices) {
  expect_same_as_jinja2(with_sample_context({
      "{{ d.a }} {{ d['a'] }} {{ d.items is callable }} {{ d['items'] }} {{ d.missing }}|{{ "
      "d['missing'] }}|{{ d.z }}",
      "{{ nested.x.y[1] }} {{ nested['x']['y'][-1] }} {{ nested.x.y.0 }} {{ l[5] }}|{{ l[-4] }}|{{ "
      "l['a'] }}|",
      "{{ s[1] }} {{ s[-1] }} {{ s[100] }}| {{ emoji[1] }} {{ emoji|length }} {{ s|length }}",
      "{{ l[1:] }} {{ l[:-1] }} {{ l[::-1] }} {{ l[::2] }} {{ l[5:] }} {{ l[-100:100] }} {{ "
      "l[2:0:-1] }}",
      "{{ s[1:4] }} {{ s[::-1] }} {{ emoji[::-1] }} {{ s[-3:] }} {{ 'abcdef'[1::2] }}",
      "{{ msgs[1:] | length }} {{ (msgs[::-1])[0].content }}",
      "{{ l[::0] }}",
      "{{ n.attr }}|{{ n['x'] }}|{{ i.real }}|{{ s.missing }}|",
      "{{ undefined_name.attr }}",
      "{{ undefined_name['x'] }}",
      "{{ undefined_name[1:] }}",
      "{{ d.missing.deeper }}",
      "{{ l['x':] }}",
      "{{ d[1:] }}",
      "{{ n[1:] }}",
  }));
}

TEST(LanguageVsJinja2, Tests) {
  expect_same_as_jinja2(with_sample_context({
      "{{ n is none }} {{ n is not none }} {{ i is number }} {{ t is number }} {{ f is float }} {{ "
      "i is integer }} {{ t is integer }}",
      "{{ t is boolean }} {{ t is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }}",
      "{{ s is string }} {{ l is string }} {{ d is mapping }} {{ l is mapping }} {{ s is iterable "
      "}} {{ i is iterable }}",
      "{{ undefined_name is iterable }} {{ undefined_name is sequence }} {{ l is sequence }} {{ d "
      "is sequence }} {{ i is sequence }}",
      "{{ undefined_name is defined }} {{ undefined_name is undefined }} {{ d.missing is defined "
      "}} {{ d.z is defined }}",
      "{{ i is odd }} {{ i is even }} {{ 3.0 is odd }} {{ 9 is divisibleby 3 }} {{ 9 is "
      "divisibleby(4) }}",
      "{{ 1 is eq 1 }} {{ 1 is == 2 }} {{ 2 is gt 1 }} {{ 2 is lessthan 1 }} {{ 2 is ge 2 }} {{ 1 "
      "is ne 1 }}",
      "{{ 2 is in l }} {{ 'x' is in 'xyz' }} {{ n is sameas none }} {{ t is sameas true }}",
      "{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 'aBc' is lower }} {{ range is callable }} {{ s "
      "is callable }}",
      "{{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is test }} {{ s is escaped }}",
      "{{ 'abc' is odd }}",
      "{{ l is unknowntest }}",
      "{% if false %}{{ l is unknowntest }}{% endif %}ok",
      "{% if true %}{{ l is unknowntest }}{% endif %}ok",
  }));
}

TEST(LanguageVsJinja2, Filters) {
  expect_same_as_jinja2(with_sample_context({
      "{{ '  x y  ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ undefined_name | trim }}|{{ 5 | trim "
      "}}",
      "{{ s | upper }} {{ s | lower }} {{ 'hello WORLD-foo(bar' | title }} {{ 'hELLO world' | "
      "capitalize }} {{ 'stra\\u00dfe' | upper }}",
      "{{ l | length }} {{ d | length }} {{ s | count }} {{ undefined_name | length }}",
      "{{ i | length }}",
      "{{ l | first }} {{ l | last }} {{ d | first }} {{ s | first }} {{ s | last }} [{{ [] | "
      "first }}]",
      "{{ n | last }}",
      "{{ l | join(', ') }} {{ l | join }} {{ people | join('/', attribute='name') }} {{ "
      "undefined_name | join }}",
      "{{ undefined_name | default('dflt') }} {{ n | default('dflt') }} {{ e | default('dflt', "
      "true) }} {{ e | d('x', boolean=true) }}",
      "{{ l | sort }} {{ words | sort }} {{ words | sort(case_sensitive=true) }} {{ words | "
      "sort(reverse=true) }}",
      "{{ people | sort(attribute='age') | map(attribute='name') | list }} {{ people | "
      "sort(attribute='age,name') | map(attribute='name') | join }}",
      "{{ [1, 'a'] | sort }}",
      "{{ l | reverse | list }} {{ s | reverse }} {{ d | reverse | list }}",
      "{{ words | unique | list }} {{ words | unique(case_sensitive=true) | list }} {{ [1, 1.0, "
      "true, 2] | unique | list }}",
      "{{ l | min }} {{ l | max }} {{ words | min }} {{ words | max(case_sensitive=true) }} {{ "
      "people | max(attribute='age') }} [{{ [] | max }}]",
      "{{ l | sum }} {{ people | sum(attribute='age') }} {{ [[1], [2]] | sum(start=[]) }} {{ [0.1, "
      "0.2] | sum }}",
      "{{ d | items | list }} {{ d | dictsort }} {{ {'b': 1, 'A': 2, 'a': 3} | dictsort }} {{ "
      "{'b': 1, 'a': 3} | dictsort(by='value', reverse=true) }}",
      "{{ undefined_name | items | list }}",
      "{{ l | items | list }}",
      "{{ people | selectattr('age', 'equalto', 30) | map(attribute='name') | join(',') }}",
      "{{ people | rejectattr('age', 'gt', 26) | list }} {{ msgs | selectattr('role', '==', "
      "'user') | list | length }}",
      "{{ [0, 1, '', 'a', none] | select | list }} {{ [0, 1, '', 'a'] | reject | list }} {{ l | "
      "select('odd') | list }} {{ l | reject('in', [1, 2]) | list }}",
      "{{ people | selectattr('name') | list | length }} {{ d | selectattr('x') | list }} {{ "
      "undefined_name | select | list }}",
      "{{ l | map('string') | join('-') }} {{ words | map('upper') | list }} {{ people | "
      "map(attribute='missing', default='?') | list }}",
      "{{ ['1', '2'] | map('int') | sum }} {{ l | map('replace', '1', 'one') | list }}",
      "{{ '42' | int }} {{ '42.9' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 4.9 | int }} {{ "
      "'0x1f' | int(base=16) }} {{ ' 1_000 ' | int }} {{ none | int }} {{ true | int }}",
      "{{ '1.5' | float }} {{ 'x' | float }} {{ 3 | float }} {{ '1e3' | float }} {{ ' -inf ' | "
      "float }} {{ none | float(2.5) }}",
      "{{ undefined_name | int }}",
      "{{ 'a b a' | replace('a', 'x') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'ab' | replace('', "
      "'-') }} {{ 5 | replace('5', 'five') }}",
      "{{ l | string }} {{ 5 | string }} {{ none | string }} {{ undefined_name | string }}|{{ d | "
      "string }}",
      "{{ l | list }} {{ s | list }} {{ d | list }} {{ (1, 2) | list }} {{ undefined_name | list "
      "}}",
      "{{ 5 | list }}",
      "{{ -3 | abs }} {{ -2.5 | abs }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} "
      "{{ 5 | round }} {{ 1234 | round(-2) }}",
      "{{ 2.1 | round(method='ceil') }} {{ 2.9 | round(0, 'floor') }} {{ 1.23456 | round(3, "
      "'ceil') }}",
      "{{ 'x' | round }}",
      "{{ multiline | indent }}|{{ multiline | indent(2, true) }}|{{ multiline | indent('> ', "
      "blank=true) }}",
      "{{ 'abc' | center(9) }}|{{ 'ab' | center(7) }}|{{ 'x' | center }}|",
      "{{ 'a b  c' | wordcount }} {{ s | wordcount }} {{ 'foo bar baz qux' | truncate(9) }} {{ "
      "'foo bar baz qux' | truncate(9, true) }} {{ 'short' | truncate(10) }}",
      "{{ l | batch(2) | list }} {{ l | batch(2, 'x') | list }} {{ [1, 2, 3, 4, 5] | slice(2) | "
      "list }} {{ [1, 2, 3, 4, 5] | slice(3, 0) | list }}",
      "{{ '<a href=\"x\">&\\'</a>' | e }} {{ '<b>' | escape }} {{ 5 | safe }}",
      "{{ '%s-%s' | format('a', 'b') }} {{ '%(x)s' | format(x=1) }}",
      "{{ msgs | map(attribute='role') | unique | list }}",
      "{{ l | attr('count') is callable }}|{{ d | attr('a') }}|",
      "{{ l | nosuchfilter }}",
  }));
}

TEST(LanguageVsJinja2, ToJson) {
  expect_same_as_jinja2(with_sample_context({
      "{{ d | tojson }} {{ l | tojson }} {{ s | tojson }} {{ n | tojson }} {{ t | tojson }} {{ f | "
      "tojson }} {{ 1e20 | tojson }}",
      "{{ msgs | tojson(indent=2) }}",
      "{{ nested | tojson(indent=4) }} {{ {'a': [], 'b': {}} | tojson(indent=2) }}",
      "{{ d | tojson(sort_keys=true) }} {{ d | tojson(separators=(',', ':')) }} {{ d | "
      "tojson(indent='\\t') }}",
      "{{ emoji | tojson }} {{ emoji | tojson(ensure_ascii=true) }} {{ "
      "'q\"\\\\\\n\\t\\r\\x01\\x7f\\u2028' | tojson }}",
      "{{ (1, 2) | tojson }} {{ {'k': (none, false)} | tojson }} {{ 0.1 | tojson }} {{ -0.0 | "
      "tojson }}",
      "{{ d | tojson(indent=0) }}",
      "{{ undefined_name | tojson }}",
      "{{ namespace() | tojson }}",
      "{{ l | tojson(4) }}",
  }));
}

TEST(LanguageVsJinja2, StringMethods) {
  expect_same_as_jinja2(with_sample_context({
      "{{ s.startswith('h') }} {{ s.startswith(('x', 'h\\u00e9')) }} {{ s.endswith('rld') }} {{ "
      "s.startswith('l', 2) }} {{ 'abc'.endswith('b', 0, 2) }}",
      "{{ '  a b  '.strip() }}|{{ '  a b  '.lstrip() }}|{{ '  a b  '.rstrip() }}|{{ "
      "'\\n\\nx\\n'.lstrip('\\n') }}|{{ 'xyx'.strip('x') }}|",
      "{{ 'a,b,,c'.split(',') }} {{ ' a  b c '.split() }} {{ 'a b c'.split(none, 1) }} {{ '  a b  "
      "c '.split(None, 1) }} {{ 'a,b,c'.split(',', 1) }}",
      "{{ 'a,b,c'.rsplit(',', 1) }} {{ '  a b  c '.rsplit(None, 1) }} {{ "
      "'x</think>y</think>z'.split('</think>')[-1] }}",
      "{{ 'a\\nb\\r\\nc\\rd'.splitlines() }} {{ 'a\\nb\\n'.splitlines(true) }}",
      "{{ s.upper() }} {{ s.lower() }} {{ \"hello world's-end\".title() }} {{ 'hELLO'.capitalize() "
      "}} {{ 'AbC'.swapcase() }} {{ s.casefold() }}",
      "{{ s.replace('l', 'L') }} {{ s.replace('l', 'L', 1) }} {{ 'abc'.replace('', '.') }}",
      "{{ s.find('l') }} {{ s.rfind('l') }} {{ s.find('zz') }} {{ s.index('w') }} {{ s.count('l') "
      "}} {{ 'aaa'.count('') }}",
      "{{ s.index('zz') }}",
      "{{ '-'.join(['a', 'b']) }} {{ ''.join(l | map('string')) }} {{ ', '.join(d) }}",
      "{{ ', '.join(l) }}",
      "{{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(5, '.') }} {{ 'ab'.rjust(5) }} {{ '-42'.zfill(6) }} "
      "{{ 'x'.zfill(0) }}",
      "{{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }} {{ 'abc'.partition('x') }}",
      "{{ 'prefix-x'.removeprefix('prefix-') }} {{ 'x.txt'.removesuffix('.txt') }}",
      "{{ 'abc'.isalpha() }} {{ '123'.isdigit() }} {{ 'a1'.isalnum() }} {{ '  '.isspace() }} {{ "
      "''.isspace() }} {{ 'abc'.islower() }} {{ 'ABC1'.isupper() }} {{ 'é'.isascii() }}",
      "{{ '{} and {}'.format('a', 'b') }} {{ '{1}{0}'.format('a', 'b') }} {{ "
      "'{name}!'.format(name='x') }} {{ '{:>5}|{:<5}|{:^5}'.format('a', 'b', 'c') }}",
      "{{ '{:05.2f} {:,} {:x} {:#x} {:+d} {!r} {:.3} {:e}'.format(3.14159, 1234567, 255, 255, 5, "
      "'q', 1.0, 12345.6789) }}",
      "{{ '{0.role}: {0[content]}'.format(msgs[0]) }} {{ '{{literal}}'.format() }}",
      "{{ '{} {}'.format('a') }}",
      "{{ d.get('a') }} {{ d.get('missing') }} {{ d.get('missing', 'dflt') }} {{ d.keys() | list "
      "}} {{ d.values() | list }} {{ d.items() | list }}",
      "{{ l.index(1) }} {{ l.count(3) }} {{ (1, 2, 1).count(1) }}",
      "{{ l.append(4) }}",
      "{{ d.update({'x': 1}) }}",
      "{{ d.pop }}|{{ l.sort }}|",
      "{{ s.nosuchmethod }}|",
      "{{ s.nosuchmethod() }}",
  }));
}

TEST(LanguageVsJinja2, WhitespaceControl) {
  expect_same_as_jinja2({
      {"a\n{% if true %}\nb\n{% endif %}\nc\n"},
      {"a\n    {% if true %}\n    b\n    {% endif %}\nc"},
      {"a  {%- if true -%}  b  {%- endif -%}  c"},
      {"  {{- 'x' -}}  \n  y"},
      {"line\n  {# comment #}\nnext"},
      {"line\n  {#- comment -#}  \nnext"},
      {"x {%+ if true %} y {% endif +%}\nz"},
      {"{% for i in [1, 2] %}\n  {{ i }}\n{% endfor %}\n"},
      {"{% for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}"},
      {"start\n\t {% set x = 1 %}\t\nend {{ x }}"},
      {"a\r\nb\r\n{% if true %}\r\nc\r\n{% endif %}\r\n"},
      {"trailing newline\n"},
      {"two trailing newlines\n\n"},
      {"{% raw %}{{ not rendered }}{% endraw %}|{%- raw -%}  {% x %}  {%- endraw -%}  |"},
      {"  {% raw %}\n  raw {{ x }}\n  {% endraw %}\nafter"},
      {"{{ 'a' }}\n{{ 'b' }}\n"},
      {"text {# {{ not a tag }} #} text"},
      {"{%- if true %}\n\n  x\n{%- endif %}"},
      {"{{ '{{ braces }}' }} {{ '{% tag %}' }} {{ {'a': {'b': 1}} }}"},
      {"{% if true %}yes{% endif %}    \n  after"},
      {"{#- leading comment #}\n{{ 1 }}"},
      {"a\u00a0\u3000\u2028{%- if true %}b{% endif -%}\u00a0\u0085c"},
      {"\t \t{% if true %}tabbed{% endif %}\t\n  {{ 'x' }}  {% if true %}  y{% endif %}"},
      {"a\rb\r\r{% if true %}\rc{% endif %}\r"},
      {"x\n\u00a0\u3000{% if true %}no-break spaces count as whitespace{% endif %}"},
      {"{% if true %}{% endif %}\n\n{% if true %}x{% endif %}\n"},
      {"x {% if true -%}\n\n   y {%- endif %} z"},
      {"{% for i in [1, 2] %}\n{% if i == 1 %}\n  one\n{% else %}\n  two\n{% endif %}\n{% endfor "
       "%}"},
      {"{% set x %}\n  block\n{% endset %}[{{ x }}]"},
      {"{% macro m() %}\n  body\n{% endmacro %}\n[{{ m() }}]"},
  });
}

TEST(LanguageVsJinja2, LoopsAndScoping) {
  expect_same_as_jinja2(with_sample_context({
      "{% for m in msgs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 "
      "}}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }}|{% endfor %}",
      "{% for m in msgs %}[{{ loop.previtem.content }}>{{ m.content }}>{{ loop.nextitem.content "
      "}}]{% endfor %}",
      "{% for x in l %}{{ loop.cycle('odd', 'even') }} {{ loop.depth }} {{ loop.changed(x > 1) "
      "}};{% endfor %}",
      "{% for x in [] %}x{% else %}empty{% endfor %} {% for x in l if x > 5 %}x{% else %}none "
      "passed{% endfor %}",
      "{% for x in l if x > 1 %}{{ x }}{{ loop.index }}{{ loop.length }}{{ loop.last }} {% endfor "
      "%}",
      "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {% for k in d %}{{ k }}{% endfor %} "
      "{% for c in 'ab' %}{{ c }}.{% endfor %}",
      "{% for a, b in [[1, 2], (3, 4), 'xy'] %}{{ a }}{{ b }}{% endfor %}",
      "{% for a, b in [[1, 2, 3]] %}{% endfor %}",
      "{% for a, (b, c) in [(1, (2, 3))] %}{{ a }}{{ b }}{{ c }}{% endfor %}",
      "{% for x in undefined_name %}x{% else %}nothing{% endfor %}",
      "{% for x in n %}x{% endfor %}",
      "{% for x in 5 %}x{% endfor %}",
      "{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break "
      "%}{% endif %}{{ x }}{% endfor %}",
      "{% for x in [1, 2] %}{% for y in 'ab' %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{{ "
      "loop.index }};{% endfor %}",
      "{% set x = 0 %}{% for i in [1, 2] %}{{ x }}{% set x = i %}{{ x }}{% endfor %}|{{ x }}",
      "{% for i in [1, 2] %}{% if i == 2 %}{{ y }}{% endif %}{% set y = i %}{% endfor %}|{{ y "
      "}}|{{ i }}",
      "{% set ns = namespace(total=0, items=[]) %}{% for x in l %}{% set ns.total = ns.total + x "
      "%}{% set ns.items = ns.items + [x] %}{% endfor %}{{ ns.total }} {{ ns.items }}",
      "{% set ns = namespace() %}{% set ns.a = 1 %}{{ ns.a }} {{ ns.b }}| {{ ns['a'] }}",
      "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}",
      "{% set x = 5 %}{% set x.attr = 1 %}",
      "{% set a, b = 1, 2 %}{{ a }}{{ b }} {% set c = 1, 2 %}{{ c }}",
      "{% if true %}{% set leaked = 'yes' %}{% endif %}{{ leaked }}",
      "{% set messages = msgs[1:] %}{{ messages | length }} {% set msgs = [] %}{{ msgs }}",
      "{% set block %}captured {{ i }}{% endset %}[{{ block }}] {% set up | upper %}shout{% endset "
      "%}{{ up }}",
      "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]",
      "{% with a = i %}{% set inner = 1 %}{{ a }}{% endwith %}{{ inner }}",
      "{% for x in range(3) %}{{ x }}{% endfor %} {{ range(2, 10, 3) | list }} {{ range(5, 0, -2) "
      "| list }} {{ range(0) | list }}",
      "{{ range(200000) | length }}",
      "{{ range(1, 2, 0) | list }}",
      "{{ dict(a=1, b='x') }} {{ dict([('k', 'v')]) }} {{ dict({'a': 1}, c=2) }}",
      "{% set j = joiner(', ') %}{% for x in l %}{{ j() }}{{ x }}{% endfor %}",
      "{% for m in msgs %}{% if loop.index0 > 0 and loop.previtem.role == m.role %}dup{% endif "
      "%}{{ m.role[0] }}{% endfor %}",
  }));
}

TEST(LanguageVsJinja2, MacrosCallAndFilterBlocks) {
  expect_same_as_jinja2(with_sample_context({
      "{% macro greet(name, greeting='hi') %}{{ greeting }} {{ name }}{% endmacro %}{{ greet('a') "
      "}}|{{ greet('b', 'yo') }}|{{ greet(greeting='hey', name='c') }}|{{ greet() }}|",
      "{% macro f(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1) }}|{{ "
      "f(1, 3, 4) }}|{{ f(1, c=5) }}|{{ f }}",
      "{% macro g(a) %}{{ a }}{% endmacro %}{{ g(1, 2) }}",
      "{% macro g(a) %}{{ a }}{% endmacro %}{{ g(b=2) }}",
      "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}",
      "{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(3) }}",
      "{% macro rec(n) %}{% if n > 0 %}{{ n }}{{ rec(n - 1) }}{% endif %}{% endmacro %}{{ rec(5) "
      "}}",
      "{% macro outer() %}[{{ caller() }}]{% endmacro %}{% call outer() %}inside {{ i }}{% endcall "
      "%}",
      "{% macro each(items) %}{% for x in items %}{{ caller(x) }}{% endfor %}{% endmacro %}{% "
      "call(v) each(l) %}<{{ v }}>{% endcall %}",
      "{% macro m() %}{% set local = 1 %}{{ local }}{% endmacro %}{{ m() }}{{ local }}",
      "{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}",
      "{% filter upper %}shout {{ s }}{% endfilter %} {% filter trim | replace('a', 'b') %}  aaa  "
      "{% endfilter %}",
      "{% macro t() %}x{% endmacro %}{{ t() | upper }} {{ t() ~ t() }} {{ t() is string }}",
      "{% generation %}generated {{ i }}{% endgeneration %}",
      "{% print 'printed' %} {% print 1, 2 %}",
  }));
}

TEST(LanguageVsJinja2, GlobalsFromTransformers) {
  expect_same_as_jinja2(with_sample_context({
      "{{ strftime_now('%Y-%m-%d %H:%M:%S') }} {{ strftime_now('%d %b %Y') }} {{ strftime_now('%B "
      "%d, %Y') }}",
      "{{ strftime_now('%A %a %j %U %w %y %p %I %f %%') }}|{{ strftime_now('%z%Z') }}|",
      "{{ raise_exception('refused: ' ~ i) }}",
      "before{% if i > 5 %}{{ raise_exception('too big') }}{% endif %}",
      "{{ raise_exception is callable }} {{ strftime_now is defined }}",
  }));
}

TEST(LanguageVsJinja2, EdgeCases) {
  expect_same_as_jinja2(with_sample_context({
      "{% for x in [] %}{% else %}{% set inelse = 1 %}{{ inelse }}{% endfor %}[{{ inelse }}]",
      "{% for x in l if loop is defined %}{{ x }}{% endfor %}",
      "{{ undefined_name | upper }}|{{ undefined_name | lower }}|{{ undefined_name | capitalize "
      "}}|{{ undefined_name | title }}|{{ undefined_name | replace('a','b') }}|{{ undefined_name | "
      "reverse | list }}",
      "{{ undefined_name | first }}|{{ undefined_name | last }}|{{ undefined_name | sort }}|{{ "
      "undefined_name | unique | list }}|{{ undefined_name | min }}|{{ undefined_name | sum }}",
      "{{ undefined_name | default }}|{{ undefined_name | tojson if false else 'x' }}|{{ "
      "undefined_name | string | length }}",
      "{{ undefined_name | dictsort }}",
      "{{ undefined_name | batch(2) | list }}|{{ undefined_name | map('upper') | list }}|{{ "
      "undefined_name | selectattr('a') | list }}|{{ undefined_name | join(',') }}",
      "{{ undefined_name | abs }}",
      "{{ undefined_name | round }}",
      "{{ undefined_name | center(5) }}|{{ undefined_name | wordcount }}|{{ undefined_name | "
      "truncate(3) }}",
      "{{ undefined_name | indent }}",
      "{{ undefined_name() }}",
      "{{ s() }}",
      "{{ undefined_name is defined and undefined_name.x }}",
      "{{ 'abc' | list | join('|') }} {{ d | map('upper') | list }} {{ [d] | map(attribute='a') | "
      "list }}",
      "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(x=1, x=2) if false }}",
      "{{ d | tojson(indent=2, sort_keys=true) }}",
      "{{ [1, [2, [3, {}]]] | tojson(indent=1) }}",
      "{{ 'x' ~ 1.0 ~ none ~ true ~ [1] }}",
      "{{ l | join(', ') | length }} {{ (l | sort)[0] }} {{ l | sort | first }}",
      "{{ \"a\\tb\" | wordcount }} {{ 'one-two three' | title }} {{ 'a(b[c{d<e' | title }} {{ "
      "'\u00c0\u00c9 \u00fcber' | title }}",
      "{% set x = [1,2,3] %}{{ x[1:2] }}{{ x[-1:] }}{{ x[:0] }}{{ x[::-1][0] }}",
      "{% set ns = namespace(found=false) %}{% for m in msgs %}{% if m.role == 'assistant' %}{% "
      "set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}",
      "{% for m in msgs %}{% set content = m.content if m.content is string else '' %}{{ content "
      "}}{% endfor %}",
      "{{ msgs[0].get('content') }} {{ msgs[0].get('tool_calls', []) | length }} {{ 'tool_calls' "
      "in msgs[0] }}",
      "{{ 1 if msgs | selectattr('role', 'equalto', 'system') | list | length > 0 else 0 }}",
      "{{ 10 is divisibleby 3 }} {{ none is none and true }} {{ 1 is number and 'a' is string }}",
      "{%- set a = 1 -%} {{- a -}} {%- if a == 1 %} one {% endif -%}",
      "{{ '%.2f' | format(3.14159) }} {{ '%5s|%-5s|' | format('a', 'b') }} {{ '%03d' | format(7) "
      "}}",
      "{{ 'a' in ['a', 'b'] }} {{ ('a', 'b') | join }} {{ 'ab' in ('ab', 'c') }} {{ {'a': 1} | "
      "length }}",
      "{{ l | map('string') | map('int') | sum }} {{ [1.5, 2] | sum }} {{ [] | sum }} {{ ['a', "
      "'b'] | sum(start='') }}",
      "{{ ['a', 'b'] | sum }}",
      "{{ [3, 1, 2] | sort(reverse=true) | join }} {{ ['b', 'a'] | sort | join }} {{ [[2, 1], [1, "
      "2]] | sort }}",
      "{{ [{'a': 2}, {'a': 1}] | sort(attribute='a') }} {{ [{'a': 2}, {'b': 1}] | "
      "map(attribute='a') | list }}",
      "{{ [{'a': 2}, {'b': 1}] | sort(attribute='a') }}",
      "{{ msgs | groupby('role') }}",
      "{% if [] | select %}generators are always true{% endif %} {{ (l | map('string')) is "
      "sequence }} {{ (l | unique) is iterable }}",
      "{% set g = l | select('odd') %}{{ g | list }}{{ g | list }} {% set h = l | reverse %}{{ h | "
      "first }}{{ h | list }}",
      "{% set g = l | map('string') %}{{ '3' in g }}{{ g | list }} {% for x in l | reject('odd') "
      "%}{{ x }}{% endfor %}",
      "{{ l | select | length }}",
      "{{ l | unique | tojson }}",
      "{{ (l | select)[0] }}|{{ (l | reverse) | last }}",
      "{{ n | select is defined }} {% if n | map('upper') %}lazy{% endif %}",
      "{{ n | select | list }}",
      "{{ 'abc' % undefined_name }}|{{ '%s' % undefined_name }}|{{ 'x' % [1, 2] }}|{{ 'x' % {'a': "
      "1} }}",
      "{{ '%(a)s' % undefined_name }}",
      "{{ l | truncate(5) }} {{ d | truncate(3) }} {{ undefined_name | truncate(2) }}",
      "{{ 5 | truncate(2) }}",
      "{% for group in people | groupby('age') %}{{ group.grouper }}:{{ group.list | "
      "map(attribute='name') | join }};{% endfor %}",
      "{% for age, members in people | groupby('age') %}{{ age }}={{ members | length }} {% endfor "
      "%}",
      "{{ words | groupby('x') }}",
      "{{ [{'k': 'B'}, {'k': 'b'}, {'k': 'a'}] | groupby('k') }} {{ [{'k': 'B'}, {'k': 'b'}] | "
      "groupby('k', case_sensitive=true) }}",
      "{{ people | groupby('missing', default='none') }}",
      "{{ 'Hello' | lower | upper | reverse }} {{ s | replace('l', '') | length }}",
      "{{ (1, 2)[0] }} {{ [1, 2][1] }} {{ {'a': 1}['a'] }} {{ 'abc'[1] }} {{ {'a': {'b': 1}}.a.b "
      "}}",
      "{{ -9223372036854775807 - 1 }}",
      "{{ 10 ** 18 }} {{ 1e308 * 10 }} {{ -1e308 * 10 }} {{ (1e308 * 10) - (1e308 * 10) }}",
      "{{ 0.1 * 3 }} {{ 1 / 7 }} {{ 100.0 }} {{ 1234567890123456789.0 }} {{ 2.5e-7 }} {{ "
      "123456.789e3 }}",
      "{{ 5 // 2.0 }} {{ -5 // 2.0 }} {{ 5 % 2.5 }} {{ -5.5 % 2 }} {{ 5.0 % -3 }} {{ 2.0 ** 3 }} "
      "{{ 4 ** 0.5 }}",
      "{{ 0 ** -1 }}",
      "{{ 1 == true }} {{ 0 == false }} {{ 1.0 == true }} {{ 'True' == true }} {{ [true] == [1] }}",
      "{{ 1 < true }} {{ [1, 'a'] < [1, 'b'] }} {{ (1, 2) < (1, 3) }}",
      "{{ [1] < (1,) }}",
      "{{ none < 1 }}",
      "{{ {} < {} }}",
      "{% set t = (1, 2) %}{% set a, b = t %}{{ b }}{{ a }}",
      "{% set a, b = 'xy' %}{{ a }}-{{ b }}",
      "{% set a, b = [1] %}",
      "{{ '\u00e9'.upper() }} {{ '\u01c5'.lower() }} {{ '\u01c6'.title() }} {{ "
      "'\u00df'.capitalize() }} {{ '\u0130'.lower() | length }}",
      "{{ '\ufb01'.upper() }} {{ '\u0149'.upper() }} {{ '\u0390'.upper() }}",
      "{{ 'hello world'.title() }} {{ \"they're bill's\" | title }} {{ \"they're bill's\".title() "
      "}} {{ 'a1b2'.title() }}",
  }));
}

TEST(LanguageVsJinja2, SyntaxErrors) {
  expect_same_as_jinja2({
      {"{% if %}"},
      {"{% if true %}unclosed"},
      {"{% for x in %}{% endfor %}"},
      {"{{ 1 + }}"},
      {"{{ (1 }}"},
      {"{{ [1, 2 }}"},
      {"{{ 'unterminated }}"},
      {"{{ x }"},
      {"{% endif %}"},
      {"{% unknown %}"},
      {"{# unclosed comment"},
      {"{% raw %}unclosed"},
      {"{% break %}"},
      {"{% macro m(a=1, b) %}{% endmacro %}"},
      {"{% set 1 = 2 %}"},
      {"{{ x is }}"},
      {"{{ 1 2 }}"},
      {"{% for x in l %}{% endif %}"},
      {"{{ x | }}"},
      {"{% call m %}{% endcall %}"},
      {"{{ '\\x4' }}"},
  });
}

}  // namespace
}  // namespace hearth::chat::testing
