// Errors in the file's shape and values: each message starts with the
// position of what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "config_fixture.h"
#include "hearth/util/error.h"

namespace hearth::config {
namespace {

std::string with_model(std::string_view text) {
  return std::string(kModel) + std::string(text);
}

TEST_F(ConfigTest, SyntaxErrorsCarryTomlsDescriptionAndPosition) {
  const std::string message = error_of("[server]\nport = \n");
  EXPECT_TRUE(message.starts_with("hearth.toml:2:")) << message;
  EXPECT_NE(message.find("Error while parsing"), std::string::npos) << message;
}

TEST_F(ConfigTest, RepeatedKeysAreSyntaxErrors) {
  const std::string message = error_of("[server]\nport = 1\nport = 2\n");
  EXPECT_TRUE(message.starts_with("hearth.toml:3:")) << message;
}

TEST_F(ConfigTest, UnknownKeySuggestsTheClosestOne) {
  EXPECT_EQ(error_of(with_model("[server]\nprot = 80\n")),
            "hearth.toml:5:1: unknown key `prot` in [server]; did you mean `port`?");
  EXPECT_EQ(error_of(with_model("[server]\nzzz = 80\n")),
            "hearth.toml:5:1: unknown key `zzz` in [server]");
}

TEST_F(ConfigTest, UnknownTableSuggestsTheClosestOne) {
  EXPECT_EQ(error_of(with_model("[sever]\n")),
            "hearth.toml:4:2: unknown key `sever` in the top-level table; did you mean `server`?");
}

TEST_F(ConfigTest, AMisspeltTableIsReportedBeforeWhatItLacks) {
  EXPECT_EQ(error_of("[[model]]\nid = \"m\"\n"),
            "hearth.toml:1:3: unknown key `model` in the top-level table; did you mean `models`?");
}

TEST_F(ConfigTest, UnknownKeyInAnArrayOfTables) {
  EXPECT_EQ(error_of("[[models]]\nid = \"m\"\npath = \"model.gguf\"\nslot = 2\n"),
            "hearth.toml:4:1: unknown key `slot` in [[models]]; did you mean `slots`?");
}

TEST_F(ConfigTest, WrongTypes) {
  EXPECT_EQ(error_of(with_model("[server]\nport = \"80\"\n")),
            "hearth.toml:5:8: `port` must be an integer between 0 and 65535");
  EXPECT_EQ(error_of(with_model("[server]\nhost = 127\n")),
            "hearth.toml:5:8: `host` must be a string");
  EXPECT_EQ(error_of("[[models]]\nid = \"m\"\npath = \"model.gguf\"\nbatch_invariance = 1\n"),
            "hearth.toml:4:20: `batch_invariance` must be true or false");
  EXPECT_EQ(error_of("server = 1\n" + std::string(kModel)),
            "hearth.toml:1:10: `server` must be a table");
  EXPECT_EQ(error_of("[models]\nid = \"m\"\n"),
            "hearth.toml:1:1: `models` must be an array of tables ([[models]])");
  EXPECT_EQ(error_of(with_model("[privacy]\nallow_list = [\"a\", 2]\n")),
            "hearth.toml:5:20: `allow_list` must be an array of strings");
  EXPECT_EQ(error_of(with_model("[privacy]\nmin_confidence = \"high\"\n")),
            "hearth.toml:5:18: `min_confidence` must be a number between 0 and 1");
}

TEST_F(ConfigTest, OutOfRange) {
  EXPECT_EQ(error_of(with_model("[server]\nport = 70000\n")),
            "hearth.toml:5:8: `port` must be an integer between 0 and 65535");
  EXPECT_EQ(error_of("[[models]]\nid = \"m\"\npath = \"model.gguf\"\nslots = 0\n"),
            "hearth.toml:4:9: `slots` must be an integer between 1 and 1024");
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"k\"\nkey = \"s\"\ndaily_budget_usd = -1\n")),
            "hearth.toml:7:20: `daily_budget_usd` must be a number between 0 and 1000000000");
  EXPECT_EQ(error_of(with_model("[server]\nrequest_timeout = \"0s\"\n")),
            "hearth.toml:5:19: `request_timeout` must be between 1s and 365d");
  EXPECT_EQ(error_of(with_model("[server]\nmax_body = 0\n")),
            "hearth.toml:5:12: `max_body` must be at least 1 bytes");
  EXPECT_EQ(error_of(with_model("[server]\nmemory_budget = \"99999999999TiB\"\n")),
            "hearth.toml:5:17: `memory_budget` is too large");
}

TEST_F(ConfigTest, BadDurationAndSizeStrings) {
  EXPECT_EQ(error_of(with_model("[server]\nidle_unload = \"5 minutes\"\n")),
            "hearth.toml:5:15: `idle_unload` must be a duration such as \"500ms\", \"30s\", "
            "\"10m\", \"2h\" or a number of seconds");
  EXPECT_EQ(error_of(with_model("[server]\nidle_unload = \"30\"\n")),
            "hearth.toml:5:15: `idle_unload` must be a duration such as \"500ms\", \"30s\", "
            "\"10m\", \"2h\" or a number of seconds");
  EXPECT_EQ(error_of(with_model("[server]\nmax_body = \"8 MB!\"\n")),
            "hearth.toml:5:12: `max_body` must be a size such as \"512KiB\", \"8MiB\", \"2GiB\" "
            "or a number of bytes");
  EXPECT_EQ(error_of(with_model("[server]\nmax_body = -5\n")),
            "hearth.toml:5:12: `max_body` must be a size such as \"512KiB\", \"8MiB\", \"2GiB\" "
            "or a number of bytes");
}

TEST_F(ConfigTest, EnumeratedValues) {
  EXPECT_EQ(error_of("[[models]]\nid = \"m\"\npath = \"model.gguf\"\nkv_type = \"q4_0\"\n"),
            "hearth.toml:4:11: `kv_type` must be \"f16\" or \"q8_0\"");
  EXPECT_EQ(error_of(with_model("[[providers]]\nname = \"p\"\nkind = \"gemini\"\n")),
            "hearth.toml:6:8: `kind` must be \"openai\" or \"anthropic\"");
  EXPECT_EQ(error_of(with_model("[privacy]\ndefault_region = \"usa\"\n")),
            "hearth.toml:5:18: `default_region` must be a two-letter country code such as \"US\"");
}

TEST_F(ConfigTest, ProviderValues) {
  const std::string provider = "[[providers]]\nname = \"p\"\n";
  EXPECT_EQ(error_of(with_model(provider + "base_url = \"ftp://x\"\nmodels = [\"a\"]\n")),
            "hearth.toml:6:12: `base_url` must be an http:// or https:// URL");
  EXPECT_EQ(error_of(with_model(provider + "base_url = \"http://x\"\nmodels = []\n")),
            "hearth.toml:7:10: `models` must name at least one model");
  EXPECT_EQ(error_of(with_model(provider + "base_url = \"http://x\"\n")),
            "hearth.toml:4:1: missing required key `models` in [[providers]]");
  EXPECT_EQ(error_of(with_model("[[providers]]\nname = \"a/b\"\n")),
            "hearth.toml:5:8: a provider name may hold only letters, digits, '-', '_' and '.'");
  EXPECT_EQ(
      error_of(with_model(provider + "base_url = \"http://x\"\nmodels = [\"a\"]\n"
                                     "retry_base_delay = \"2s\"\nretry_max_delay = \"1s\"\n")),
      "hearth.toml:9:19: `retry_max_delay` must not be shorter than `retry_base_delay`");
}

TEST_F(ConfigTest, PseudonymizeTable) {
  const std::string policy = "[[policies]]\nname = \"p\"\n[policies.pseudonymize]\n";
  EXPECT_EQ(error_of(with_model(policy + "EMIAL = \"mask\"\n")),
            "hearth.toml:7:1: unknown entity type `EMIAL` in [policies.pseudonymize]; did you "
            "mean `EMAIL`?");
  EXPECT_EQ(error_of(with_model(policy + "EMAIL = \"blur\"\n")),
            "hearth.toml:7:9: `EMAIL` must be one of \"placeholder\", \"mask\", \"hash\", "
            "\"drop\", \"allow\"");
  EXPECT_EQ(error_of(with_model(policy + "PERSON = \"hash\"\n")),
            "hearth.toml:6:1: missing required key `hash_key_env` in [policies.pseudonymize]");
  EXPECT_EQ(
      error_of(with_model("[[policies]]\nname = \"p\"\nkeep_local = [\"health\", \"helth\"]\n")),
      "hearth.toml:6:25: unknown class `helth`: keep_local takes data classes (credential, "
      "financial, ...), topics (health, finance) or entity types (EMAIL, ...)");
}

TEST_F(ConfigTest, DeeplyNestedInputIsRefusedBeforeToml) {
  std::string dotted = "[a";
  for (int i = 0; i < 200'000; ++i) dotted += ".a";
  dotted += "]\n";
  EXPECT_EQ(error_of(dotted), "hearth.toml:1:33: a dotted key has more than 16 parts");
  std::string dotted_key = "x";
  for (int i = 0; i < 50'000; ++i) dotted_key += ".\"a.b\"";
  EXPECT_EQ(error_of(dotted_key), "hearth.toml:1:92: a dotted key has more than 16 parts");
  const std::string brackets = "x = " + std::string(100'000, '[');
  EXPECT_EQ(error_of(brackets),
            "hearth.toml:1:37: more than 32 arrays and inline tables are open at once");
  // Dots and brackets inside strings and comments do not count.
  EXPECT_NO_THROW(parse(with_model("# " + std::string(100, '.') + std::string(100, '[') +
                                   "\n[privacy]\nallow_list = [\"" + std::string(100, '.') +
                                   std::string(100, '{') + "\", '''[[[...''']\n")));
}

TEST_F(ConfigTest, HugeInputIsRefused) {
  const std::string huge = std::string(kModel) + "# " + std::string(2u << 20, 'x') + "\n";
  try {
    parse(huge);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::resource_exhausted);
  }
}

}  // namespace
}  // namespace hearth::config
