// Template's contract: parsing, rendering, and the errors it reports.
#include "hearth/chat/template.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "hearth/util/error.h"

namespace hearth::chat {
namespace {

using nlohmann::ordered_json;

std::string render(std::string_view source, const ordered_json& context = ordered_json::object()) {
  return Template::parse(source).render(context);
}

// The error `action` throws; fails the test when it throws none.
template <typename Action>
Error error_from(Action action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::internal, "");
}

TEST(Template, RendersContextVariables) {
  EXPECT_EQ(render("Hello {{ name }}!", {{"name", "world"}}), "Hello world!");
  EXPECT_EQ(render("{{ a.b[1] }}", ordered_json::parse(R"({"a": {"b": [1, "two"]}})")), "two");
}

TEST(Template, PrintsValuesAsPythonDoes) {
  EXPECT_EQ(render("{{ x }}|{{ y }}|{{ z }}|{{ w }}|{{ v }}",
                   ordered_json::parse(R"({"x": null, "y": true, "z": 2.0, "w": [1, "a"],
                                           "v": {"k": false}})")),
            "None|True|2.0|[1, 'a']|{'k': False}");
  EXPECT_EQ(render("[{{ missing }}]"), "[]");
}

TEST(Template, AppliesTrimBlocksAndLstripBlocks) {
  EXPECT_EQ(render("<\n  {% if true %}\n  x\n  {% endif %}\n>"), "<\n  x\n>");
  EXPECT_EQ(render("a  {{- 'b' -}}  c"), "abc");
  EXPECT_EQ(render("keeps one\n"), "keeps one");
}

TEST(Template, IsReusableCopyableAndThreadSafe) {
  const Template original = Template::parse(
      "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{% for i in range(n) %}{{ twice(i) }}{% "
      "endfor %}");
  const Template copy = original;
  EXPECT_EQ(copy.render({{"n", 3}}), "001122");
  std::vector<std::thread> threads;
  std::vector<std::string> outputs(4);
  for (std::size_t t = 0; t < outputs.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 50; ++repeat) outputs[t] = original.render({{"n", 5}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& output : outputs) EXPECT_EQ(output, "0011223344");
}

TEST(Template, StrftimeNowReadsTheInjectedClock) {
  RenderOptions options;
  options.clock = [] {
    LocalTime time;
    time.calendar.tm_year = 125;
    time.calendar.tm_mon = 0;
    time.calendar.tm_mday = 2;
    time.microsecond = 42;
    return time;
  };
  EXPECT_EQ(
      Template::parse("{{ strftime_now('%Y-%m-%d %f') }}").render(ordered_json::object(), options),
      "2025-01-02 000042");
}

TEST(Template, SyntaxErrorsNameTheirLine) {
  const Error unclosed = error_from([] { Template::parse("line one\n{% if x %}\nnever closed"); });
  EXPECT_EQ(unclosed.kind(), ErrorKind::invalid_data);
  EXPECT_EQ(unclosed.message().rfind("template line 3: ", 0), 0u) << unclosed.message();

  const Error bad_expression = error_from([] { Template::parse("ok\n\n{{ 1 + }}"); });
  EXPECT_EQ(bad_expression.kind(), ErrorKind::invalid_data);
  EXPECT_EQ(bad_expression.message().rfind("template line 3: ", 0), 0u) << bad_expression.message();

  const Error unknown_filter = error_from([] { Template::parse("{{ x | shout }}"); });
  EXPECT_EQ(unknown_filter.message(), "template line 1: no filter named 'shout'");

  const Error unterminated = error_from([] { Template::parse("{{ 'open }}"); });
  EXPECT_EQ(unterminated.kind(), ErrorKind::invalid_data);
}

TEST(Template, UnsupportedTagsAreReportedAsSuch) {
  for (const char* source :
       {"{% extends 'base' %}", "{% include 'x' %}", "{% import 'm' as m %}",
        "{% block b %}{% endblock %}", "{% for x in y recursive %}{% endfor %}"}) {
    EXPECT_EQ(error_from([&] { Template::parse(source); }).kind(), ErrorKind::unsupported)
        << source;
  }
}

TEST(Template, RaiseExceptionRefusesWithItsMessageAndLine) {
  const Template refusing = Template::parse(
      "{% for m in messages %}\n"
      "{% if m.role == 'system' %}\n"
      "{{ raise_exception('System role not supported') }}\n"
      "{% endif %}{% endfor %}");
  const Error error = error_from(
      [&] { refusing.render(ordered_json::parse(R"({"messages": [{"role": "system"}]})")); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(error.message(), "template line 3: System role not supported");
}

TEST(Template, RuntimeErrorsNameTheirLineAndCause) {
  const Error undefined_attribute = error_from([] { render("a\n{{ nothing.here }}"); });
  EXPECT_EQ(undefined_attribute.kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(undefined_attribute.message(), "template line 2: 'nothing' is undefined");

  const Error concatenation = error_from([] { render("{{ 'a' + 1 }}"); });
  EXPECT_EQ(concatenation.message(),
            "template line 1: can only concatenate str (not \"int\") to str");

  const Error in_macro =
      error_from([] { render("{% macro m() %}\n{{ 1 // 0 }}\n{% endmacro %}\n\n{{ m() }}"); });
  EXPECT_EQ(in_macro.message(), "template line 2: integer division or modulo by zero");
}

TEST(Template, RefusesWhatItCannotRepresent) {
  EXPECT_EQ(error_from([] { render("{{ 2 ** 64 }}"); }).kind(), ErrorKind::unsupported);
  EXPECT_EQ(error_from([] { render("{{ (-8) ** 0.5 }}"); }).kind(), ErrorKind::unsupported);
  EXPECT_EQ(error_from([] { render("{{ {1: 'a'} }}"); }).kind(), ErrorKind::unsupported);
  EXPECT_EQ(error_from([] { Template::parse("{{ 99999999999999999999 }}"); }).kind(),
            ErrorKind::invalid_data);
  const ordered_json huge = {{"n", std::numeric_limits<std::uint64_t>::max()}};
  EXPECT_EQ(error_from([&] { render("{{ n }}", huge); }).kind(), ErrorKind::unsupported);
}

TEST(Template, RefusesInvalidInput) {
  EXPECT_EQ(error_from([] { Template::parse("bad \xFF byte"); }).kind(), ErrorKind::invalid_data);
  EXPECT_EQ(error_from([] { render("{{ x }}", ordered_json::array()); }).kind(),
            ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace hearth::chat
