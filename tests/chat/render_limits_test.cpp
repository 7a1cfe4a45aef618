// A hostile template fails with a clear error instead of crashing, hanging or
// exhausting memory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hearth/chat/template.h"
#include "hearth/util/error.h"

namespace hearth::chat {
namespace {

ErrorKind failure_kind(const std::string& source, const RenderOptions& options = {}) {
  try {
    Template::parse(source).render(nlohmann::ordered_json::object(), options);
  } catch (const Error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "rendered without error: " << source;
  return ErrorKind::internal;
}

// Fewer steps than the default keeps the tests quick; the mechanism is the same.
RenderOptions with_max_steps(std::size_t steps) {
  RenderOptions options;
  options.limits.max_steps = steps;
  return options;
}

TEST(RenderLimits, LoopIterationsAreBounded) {
  EXPECT_EQ(failure_kind(
                "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
                with_max_steps(50000)),
            ErrorKind::resource_exhausted);
}

TEST(RenderLimits, MacroRecursionIsBounded) {
  EXPECT_EQ(failure_kind("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
            ErrorKind::resource_exhausted);
  // Two calls per level: the depth limit alone would allow 2^60 calls.
  EXPECT_EQ(
      failure_kind("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
                   "{{ f(60) }}",
                   with_max_steps(50000)),
      ErrorKind::resource_exhausted);
}

TEST(RenderLimits, OutputSizeIsBounded) {
  RenderOptions small;
  small.limits.max_output_bytes = 1000;
  EXPECT_EQ(failure_kind("{% for i in range(2000) %}x{% endfor %}", small),
            ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ 'x' * 100000000000 }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ [0] * 100000000000 }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ 'x' | center(100000000000) }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ 'x'.ljust(100000000000) }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ '%100000000000s' % 'x' }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ '{:>100000000000}'.format('x') }}"), ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{{ [1] | tojson(indent=100000000000) }}"), ErrorKind::resource_exhausted);
}

TEST(RenderLimits, DoublingStringsAndListsIsBounded) {
  EXPECT_EQ(failure_kind("{% set ns = namespace(s='xx') %}{% for i in range(100) %}"
                         "{% set ns.s = ns.s ~ ns.s %}{% endfor %}"),
            ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{% set ns = namespace(l=[1]) %}{% for i in range(100) %}"
                         "{% set ns.l = ns.l + ns.l %}{% endfor %}"),
            ErrorKind::resource_exhausted);
  // A short list of one long string still prints long.
  EXPECT_EQ(failure_kind("{% set s = 'x' * 5000000 %}{{ [s, s, s, s] }}"),
            ErrorKind::resource_exhausted);
}

TEST(RenderLimits, WorkWithoutOutputIsBounded) {
  EXPECT_EQ(failure_kind("{% set s = 'x' * 10000000 %}{% for i in range(100000) %}"
                         "{% set t = s ~ '' %}{% endfor %}"),
            ErrorKind::resource_exhausted);
}

TEST(RenderLimits, NestingIsBounded) {
  EXPECT_EQ(failure_kind("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
                         "{% set ns.l = [ns.l] %}{% endfor %}"),
            ErrorKind::resource_exhausted);
  EXPECT_EQ(failure_kind("{% set ns = namespace() %}{% set ns.self = ns %}{{ ns }}"),
            ErrorKind::resource_exhausted);
  const std::string deep_parentheses =
      "{{ " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }}";
  EXPECT_EQ(failure_kind(deep_parentheses), ErrorKind::invalid_data);
  std::string deep_ifs;
  for (int i = 0; i < 1000; ++i) deep_ifs += "{% if true %}";
  EXPECT_EQ(failure_kind(deep_ifs), ErrorKind::invalid_data);
  std::string deep_context = "1";
  for (int i = 0; i < 1000; ++i) deep_context = "[" + deep_context + "]";
  EXPECT_THROW(
      Template::parse("{{ x }}").render({{"x", nlohmann::ordered_json::parse(deep_context)}}),
      Error);
}

TEST(RenderLimits, SandboxRangeLimitApplies) {
  EXPECT_EQ(failure_kind("{{ range(100001) | length }}"), ErrorKind::invalid_argument);
}

TEST(RenderLimits, DefaultsAcceptLargeConversations) {
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  for (int i = 0; i < 2000; ++i) {
    messages.push_back(
        {{"role", i % 2 ? "assistant" : "user"}, {"content", std::string(1000, 'w')}});
  }
  const Template chatml = Template::parse(
      "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}");
  EXPECT_GT(chatml.render({{"messages", messages}}).size(), 2000u * 1000u);
}

}  // namespace
}  // namespace hearth::chat
