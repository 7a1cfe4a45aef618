// str() and repr() of values, and json.dumps, as Python writes them.
#include "python_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hearth/util/error.h"
#include "json_dumps.h"

namespace hearth::chat::jinja {
namespace {

TEST(PythonText, FloatReprIsShortestRoundTrip) {
  EXPECT_EQ(float_repr(1.0), "1.0");
  EXPECT_EQ(float_repr(0.1), "0.1");
  EXPECT_EQ(float_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(float_repr(-0.0), "-0.0");
  EXPECT_EQ(float_repr(1e16), "1e+16");
  EXPECT_EQ(float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(float_repr(123456789.125), "123456789.125");
  EXPECT_EQ(float_repr(0.0001), "0.0001");
  EXPECT_EQ(float_repr(0.00001), "1e-05");
  EXPECT_EQ(float_repr(1.5e-7), "1.5e-07");
  EXPECT_EQ(float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(float_repr(5e-324), "5e-324");
  EXPECT_EQ(float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(float_repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(float_repr(std::nan("")), "nan");
}

TEST(PythonText, StringReprQuotesAndEscapes) {
  EXPECT_EQ(string_repr("plain"), "'plain'");
  EXPECT_EQ(string_repr("it's"), "\"it's\"");
  EXPECT_EQ(string_repr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(string_repr("a\\b\n\t\r\x01\x7f"), "'a\\\\b\\n\\t\\r\\x01\\x7f'");
  EXPECT_EQ(string_repr("caf\u00e9 \U0001F600"), "'caf\u00e9 \U0001F600'");
  EXPECT_EQ(string_repr("\u00a0\u200b\u2028"), "'\\xa0\\u200b\\u2028'");
}

TEST(PythonText, StrOfContainersIsTheirRepr) {
  Dict dict;
  dict.insert_or_assign("k", Value::array({Value::integer(1), Value::string("v"), Value::none()}));
  dict.insert_or_assign("t", Value::tuple({Value::boolean(true)}));
  EXPECT_EQ(to_str(Value::dict(std::move(dict))), "{'k': [1, 'v', None], 't': (True,)}");
  EXPECT_EQ(to_str(Value()), "");
  EXPECT_EQ(to_repr(Value()), "Undefined");
  EXPECT_EQ(to_str(Value::string("text")), "text");
  EXPECT_THROW(to_str(Value::array({Value::string(std::string(100, 'x'))}), 50), Error);
}

TEST(JsonDumps, WritesAsPythonJsonDumps) {
  Dict inner;
  inner.insert_or_assign("b", Value::floating(2.0));
  inner.insert_or_assign("a", Value::array({}));
  Dict outer;
  outer.insert_or_assign("text", Value::string("\u00e9\"\n\x01"));
  outer.insert_or_assign("inner", Value::dict(inner));
  const Value value = Value::dict(outer);

  EXPECT_EQ(json_dumps(value, {}),
            "{\"text\": \"\u00e9\\\"\\n\\u0001\", \"inner\": {\"b\": 2.0, \"a\": []}}");
  JsonDumpOptions pretty;
  pretty.indent = "  ";
  pretty.sort_keys = true;
  EXPECT_EQ(json_dumps(value, pretty),
            "{\n  \"inner\": {\n    \"a\": [],\n    \"b\": 2.0\n  },\n  \"text\": "
            "\"\u00e9\\\"\\n\\u0001\"\n}");
  JsonDumpOptions ascii;
  ascii.ensure_ascii = true;
  EXPECT_EQ(json_dumps(Value::string("\u00e9\U0001F600"), ascii), "\"\\u00e9\\ud83d\\ude00\"");
  EXPECT_EQ(json_dumps(Value::floating(std::nan("")), {}), "NaN");
  EXPECT_THROW(json_dumps(Value(), {}), Error);
}

}  // namespace
}  // namespace hearth::chat::jinja
