// Every pre-tokenizer family against the regexes llama-vocab.cpp lists for
// it, run the way llama.cpp's unicode_regex_split runs them: with std::regex
// over "collapsed" text (each non-ASCII code point replaced by one byte
// standing for its category) when the regex uses \p{...}, with std::wregex
// over the code points otherwise, non-ASCII whitespace turned into U+000B
// either way. The pattern tables are trusted because this slow path agrees
// with them on text built to reach every rule.
//
// (llama.cpp runs the gpt2 and llama3 regexes through hand-written
// splitters instead; those give the regexes' results, and the golden vectors
// check them against llama.cpp itself.)
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
// GCC 12 sees uninitialized std::function members inside <regex>'s own
// automaton under -O2 with sanitizers (a false positive in libstdc++).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <string>
#include <vector>

#include "hearth/util/utf8.h"
#include "pre_tokenizer.h"
#include "unicode_properties.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer::detail {
namespace {

// The regexes of llama-vocab.cpp, per pre-tokenizer type.
const std::string kContractions = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
const std::string kGpt2 =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
const std::string kQwen2 = kContractions +
                           "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|"
                           "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const std::string kLlama3 =
    kContractions +
    "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|"
    "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const std::string kUpperThenLower = "((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+";
const std::string kUpperMaybeLower = "((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*";
const std::string kHanKana = "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+";
const std::string kDeepSeekCjk = "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+";
const std::string kAsciiPunctuationWord = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+";
const std::string kPoro = " ?[^(\\s|.,!?\u2026\u3002\uFF0C\u3001\u0964\u06D4\u060C)]+";

const std::map<std::string, std::vector<std::string>>& reference_regexes() {
  static const std::map<std::string, std::vector<std::string>> regexes = {
      {"default", {"[\\p{P}\\$\\+<=>\\^~\\|]+", kGpt2, "\\p{N}+", "[0-9][0-9][0-9]"}},
      {"gpt-2", {kGpt2}},
      {"llama-bpe", {kLlama3}},
      {"dbrx", {kLlama3}},
      {"jais-2",
       {kContractions +
        "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|"
        "\\s{512}(?!\\S)|\\s{256}(?!\\S)|\\s{128}(?!\\S)|\\s{64}(?!\\S)|\\s{32}(?!\\S)|"
        "\\s{16}(?!\\S)|\\s{8}(?!\\S)|\\s{4}(?!\\S)|\\s{1,2}(?!\\S)|\\s{1}"}},
      {"qwen2", {kQwen2}},
      {"qwen35",
       {kContractions +
        "|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|"
        "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
      {"ufakzeka",
       {"[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|"
        "\\s+(?!\\S)|\\s+"}},
      {"bailingmoe",
       {"'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
        " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"}},
      {"seed-coder",
       {kContractions +
        "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|"
        "\\s+(?!\\S)|\\s+"}},
      {"minicpm5",
       {"\\p{N}{1,3}",
        kContractions +
            "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|"
            "\\s+(?!\\S)|\\s+"}},
      {"tekken",
       {"[^\\r\\n\\p{L}\\p{N}]?" + kUpperThenLower + "|[^\\r\\n\\p{L}\\p{N}]?" + kUpperMaybeLower +
        "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
      {"gpt-4o",
       {"[^\\r\\n\\p{L}\\p{N}]?" + kUpperThenLower + kContractions + "?|[^\\r\\n\\p{L}\\p{N}]?" +
        kUpperMaybeLower + kContractions +
        "?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
      {"granite-embed-multi-97m",
       {"[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))*((?=[\\p{L}\\p{M}])([^A-Z]))+" +
        kContractions +
        "?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))+((?=[\\p{L}\\p{M}])([^A-Z]))*" +
        kContractions +
        "?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
      {"youtu",
       {"[\uAC00-\uD7A3\u3131-\u318E]+|[\uFF01\u2026\u201C\u201D\u2018\u2019\u2014\uFF1A\uFF1B"
        "\uFF0C\u3001-\u303F\uFE30-\uFE4F]+|[\u3105-\u312F]+|" +
            kHanKana,
        "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"
        "+" +
            kContractions +
            "?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+"
            "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*" +
            kContractions +
            "?|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
      {"starcoder", {"\\p{N}", kGpt2}},
      {"falcon", {"[\\p{P}\\$\\+<=>\\^~\\|`]+", kGpt2, "[0-9][0-9][0-9]"}},
      {"deepseek-llm",
       {"[\r\n]",
        "\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293"
        "\u0295-\u02AF\u0370-\u0373\u0376-\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C"
        "\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5"
        "\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77"
        "\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59"
        "\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC"
        "\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107"
        "\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139"
        "\u213C-\u213F\u2145-\u2149\u214E\u2183-\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE"
        "\u2CF2-\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E"
        "\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A"
        "\U00010400-\U0001044F\U000104B0-\U000104D3\U000104D8-\U000104FB\U00010C80-\U00010CB2"
        "\U00010CC0-\U00010CF2\U000118A0-\U000118DF\U0001E900-\U0001E943]+",
        "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+", "\\s+$", kDeepSeekCjk,
        "\\p{N}+"}},
      {"deepseek-coder", {"[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", kDeepSeekCjk, "\\p{N}"}},
      {"deepseek-v3",
       {"\\p{N}{1,3}", kHanKana,
        kAsciiPunctuationWord +
            "|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|"
            "\\s+(?!\\S)|\\s+"}},
      {"spark2_5",
       {"\\p{N}{1,3}", kHanKana,
        kAsciiPunctuationWord +
            "|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+|[\r\n]|\\s+(?!\\S)|\\s+",
        "\\p{N}"}},
      {"bloom", {kPoro}},
      {"viking", {kPoro, "\\p{N}"}},
      {"laguna", {"[^\\n]+|[\\n]+", kQwen2}},
  };
  return regexes;
}

std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> result;
  for (std::size_t position = 0; position < text.size();) {
    result.push_back(decode_utf8(text, position));
  }
  return result;
}

// llama.cpp's stand-in byte for a non-ASCII code point in collapsed text.
char collapsed(char32_t code_point) {
  if (code_point < 0x80) return static_cast<char>(code_point);
  const std::uint8_t flags = UnicodeFlagTable::instance().flags(code_point);
  if (flags & kWhitespace) return '\v';
  if (flags & kNumber) return '\xD1';
  if (flags & kLetter) return '\xD2';
  if (flags & kPunctuation) return '\xD3';
  if (flags & kMark) return '\xD4';
  if (flags & kSymbol) return '\xD5';
  return '\xD0';
}

// `regex` with each \p{...} replaced by its collapsed byte and the ASCII
// members of the category, bracketed unless already inside brackets.
std::string collapse_regex(const std::string& regex) {
  static const std::map<std::string, std::string> kCategories = {
      {"\\p{N}", "\xD1\\x30-\\x39"},
      {"\\p{L}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{Lu}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{Ll}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{Lt}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{Lm}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{Lo}", "\xD2\\x41-\\x5A\\x61-\\x7A"},
      {"\\p{P}",
       "\xD3\\x21-\\x23\\x25-\\x2A\\x2C-\\x2F\\x3A-\\x3B\\x3F-\\x40\\x5B-\\x5D\\x5F\\x7B\\x7D"},
      {"\\p{M}", "\xD4"},
      {"\\p{S}", "\xD5\\x24\\x2B\\x3C-\\x3E\\x5E\\x60\\x7C"},
  };
  std::string result;
  bool inside_brackets = false;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const bool escaped = i > 0 && regex[i - 1] == '\\';
    if (regex[i] == '[' && !escaped) inside_brackets = true;
    if (regex[i] == ']' && !escaped && inside_brackets) inside_brackets = false;
    if (regex.compare(i, 3, "\\p{") == 0) {
      const std::size_t close = regex.find('}', i);
      const auto found = kCategories.find(regex.substr(i, close - i + 1));
      if (found != kCategories.end()) {
        if (!inside_brackets) result += '[';
        result += found->second;
        if (!inside_brackets) result += ']';
        i = close;
        continue;
      }
    }
    result += regex[i];
  }
  return result;
}

template <typename Char>
void split_with_regex(const std::basic_string<Char>& text, const std::basic_regex<Char>& regex,
                      std::vector<std::size_t>& ends) {
  std::vector<std::size_t> refined;
  std::size_t begin = 0;
  for (const std::size_t end : ends) {
    using Iterator = std::regex_iterator<const Char*>;
    std::size_t last = begin;
    for (Iterator match(text.data() + begin, text.data() + end, regex), done; match != done;
         ++match) {
      const std::size_t match_begin = begin + static_cast<std::size_t>(match->position());
      if (match_begin > last) refined.push_back(match_begin);
      last = match_begin + static_cast<std::size_t>(match->length());
      refined.push_back(last);
    }
    if (last < end) refined.push_back(end);
    begin = end;
  }
  ends = std::move(refined);
}

// Piece ends, in code points.
std::vector<std::size_t> reference_split(const std::vector<std::string>& regexes,
                                         std::string_view text) {
  const std::vector<char32_t> points = code_points(text);
  std::string collapsed_text;
  std::wstring wide_text;
  for (const char32_t code_point : points) {
    collapsed_text += collapsed(code_point);
    const bool wide_whitespace =
        code_point >= 0x80 && (UnicodeFlagTable::instance().flags(code_point) & kWhitespace);
    wide_text += static_cast<wchar_t>(wide_whitespace ? U'\v' : code_point);
  }
  std::vector<std::size_t> ends;
  if (!points.empty()) ends.push_back(points.size());
  constexpr auto kFlags = std::regex_constants::optimize | std::regex_constants::nosubs;
  for (const std::string& regex : regexes) {
    if (regex.find("\\p{") != std::string::npos) {
      split_with_regex(collapsed_text, std::regex(collapse_regex(regex), kFlags), ends);
    } else {
      std::wstring wide_regex;
      for (const char32_t code_point : code_points(regex)) {
        wide_regex += static_cast<wchar_t>(code_point);
      }
      split_with_regex(wide_text, std::wregex(wide_regex, kFlags), ends);
    }
  }
  return ends;
}

std::vector<std::size_t> engine_split(std::string_view family, std::string_view text) {
  const PreTokenizer pre_tokenizer(family);
  PreTokenizerScratch scratch;
  std::vector<std::size_t> ends;
  std::size_t begin = 0;
  std::size_t count = 0;
  for (const std::uint32_t end : pre_tokenizer.split(text, scratch)) {
    count += code_points(text.substr(begin, end - begin)).size();
    ends.push_back(count);
    begin = end;
  }
  return ends;
}

std::vector<std::string> tricky_texts() {
  const std::vector<std::string> parts = {"Hello",
                                          "WORLD",
                                          "camelCase",
                                          "HTTPServer",
                                          "x",
                                          "I",
                                          "'s",
                                          "'S",
                                          "'re",
                                          "'RE",
                                          "'Ll",
                                          "'ve",
                                          "'d",
                                          "'m",
                                          "'t",
                                          "'x",
                                          "'",
                                          "don't",
                                          "1",
                                          "12",
                                          "123",
                                          "1234",
                                          "12345678",
                                          "\u0663\u0664",
                                          "\u00BD",
                                          "\u2160",
                                          " ",
                                          "  ",
                                          "   ",
                                          "\t",
                                          "\n",
                                          "\r\n",
                                          "\n\n",
                                          " \n",
                                          "\u00A0",
                                          "\u3000",
                                          "\u0085",
                                          "\u2028",
                                          "\u2009",
                                          ".",
                                          ",",
                                          "!?",
                                          "...",
                                          "$",
                                          "+",
                                          "<=>",
                                          "^",
                                          "`",
                                          "|",
                                          "~",
                                          "(",
                                          ")",
                                          "/",
                                          "//",
                                          "-",
                                          "_",
                                          "@",
                                          "#",
                                          "%",
                                          "&",
                                          "*",
                                          "[",
                                          "]",
                                          "\\",
                                          "{",
                                          "}",
                                          "\"",
                                          "\u00E9t\u00E9",
                                          "e\u0301",
                                          "\u0928\u092E\u0938\u094D\u0924\u0947",
                                          "\u4F60\u597D",
                                          "\u4E16\u754C",
                                          "\u3053\u3093\u306B\u3061\u306F",
                                          "\u30AB\u30BF\u30AB\u30CA",
                                          "\uC548\uB155",
                                          "\u3131\u314F",
                                          "\u3105\u3106",
                                          "\u3001",
                                          "\u3002",
                                          "\uFF0C",
                                          "\uFF01",
                                          "\u2026",
                                          "\u201C",
                                          "\u2014",
                                          "\uFE30",
                                          "\u0964",
                                          "\u060C",
                                          "\u043F\u0440\u0438",
                                          "\u03A9\u2126\u212A\u1F7D\u1FBE\u1FD3\u1FDB",
                                          "\uFF21\uFF42",
                                          "\U0001F999",
                                          "\U0001F600\U0001F600",
                                          "\u2764\uFE0F",
                                          "\u200B",
                                          "\u00AD",
                                          "\uE000",
                                          "\U000E0041",
                                          "\u0378",
                                          "\xEF\xBF\xBD"};
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
  std::uniform_int_distribution<int> length(1, 20);
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += parts[pick(random)];
    texts.push_back(std::move(text));
  }
  // Long runs for jais-2's \s{512} and \s{256}, and for the digit passes.
  texts.push_back(fmt::format("a{:600}b{:300}", "", ""));
  texts.push_back(fmt::format("{:7>40} {:\n>7}x", "", ""));
  return texts;
}

class RegexReference : public ::testing::TestWithParam<std::string> {};

TEST_P(RegexReference, SplitsAsLlamaCppsRegexesDo) {
  const std::vector<std::string>& regexes = reference_regexes().at(GetParam());
  for (const std::string& text : tricky_texts()) {
    ASSERT_EQ(engine_split(GetParam(), text), reference_split(regexes, text))
        << fixtures::printable(text);
  }
}

std::vector<std::string> family_names() {
  std::vector<std::string> names;
  for (const auto& [name, regexes] : reference_regexes()) names.push_back(name);
  return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& tested) {
  std::string name = tested.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Families, RegexReference, ::testing::ValuesIn(family_names()), test_name);

TEST(RegexReference, CoversEveryFamily) {
  for (const PreTokenizerFamily& family : pre_tokenizer_families()) {
    const bool covered = std::any_of(family.names.begin(), family.names.end(), [](auto name) {
      return reference_regexes().contains(std::string(name));
    });
    EXPECT_TRUE(covered) << family.names.front();
  }
}

}  // namespace
}  // namespace hearth::tokenizer::detail
