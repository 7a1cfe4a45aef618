// Errors across entries: required keys, duplicates, references to what is
// not defined, the environment.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "config_fixture.h"

namespace hearth::config {
namespace {

std::string with_model(std::string_view text) {
  return std::string(kModel) + std::string(text);
}

constexpr std::string_view kProvider =
    "[[providers]]\nname = \"openai\"\nbase_url = \"http://x\"\nmodels = [\"a\"]\n";

TEST_F(ConfigTest, MissingRequiredKeysPointAtTheirTable) {
  EXPECT_EQ(error_of("[[models]]\npath = \"model.gguf\"\n"),
            "hearth.toml:1:1: missing required key `id` in [[models]]");
  EXPECT_EQ(error_of(with_model("\n[[keys]]\nkey = \"s\"\n")),
            "hearth.toml:5:1: missing required key `id` in [[keys]]");
  EXPECT_EQ(error_of(with_model("[[routes]]\nlocal = \"m\"\n")),
            "hearth.toml:4:1: missing required key `name` in [[routes]]");
}

TEST_F(ConfigTest, AtLeastOneModel) {
  EXPECT_EQ(error_of("[server]\nport = 80\n"),
            "hearth.toml:1:1: no [[models]]: at least one local model is required");
}

TEST_F(ConfigTest, DuplicateNames) {
  EXPECT_EQ(error_of(with_model("[[models]]\nid = \"m\"\npath = \"model.gguf\"\n")),
            "hearth.toml:5:6: duplicate model id `m` (first given at 2:6)");
  EXPECT_EQ(error_of(with_model(std::string(kProvider) + std::string(kProvider))),
            "hearth.toml:9:8: duplicate provider name `openai` (first given at 5:8)");
  EXPECT_EQ(error_of(with_model("[[routes]]\nname = \"r\"\n[[routes]]\nname = \"r\"\n")),
            "hearth.toml:7:8: duplicate route name `r` (first given at 5:8)");
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"k\"\nkey = \"a\"\n[[keys]]\nid = \"k\"\nkey = "
                                "\"b\"\n")),
            "hearth.toml:8:6: duplicate key id `k` (first given at 5:6)");
  EXPECT_EQ(error_of(with_model("[[policies]]\nname = \"p\"\n[[policies]]\nname = \"p\"\n")),
            "hearth.toml:7:8: duplicate policy name `p` (first given at 5:8)");
}

TEST_F(ConfigTest, TwoKeysWithOneSecret) {
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"a\"\nkey = \"s\"\n[[keys]]\nid = \"b\"\nkey = "
                                "\"s\"\n")),
            "hearth.toml:9:7: key `b` has the same secret as key `a`");
}

TEST_F(ConfigTest, DanglingReferences) {
  EXPECT_EQ(error_of(with_model("[[routes]]\nname = \"auto\"\nlocal = \"n\"\n")),
            "hearth.toml:6:9: unknown model `n`; did you mean `m`?");
  EXPECT_EQ(error_of(with_model(std::string(kProvider) +
                                "[[routes]]\nname = \"auto\"\nproviders = [\"openai\", "
                                "\"opneai\"]\n")),
            "hearth.toml:10:24: unknown provider `opneai`; did you mean `openai`?");
  EXPECT_EQ(error_of(with_model("[[policies]]\nname = \"p\"\nproviders = [\"x\"]\n")),
            "hearth.toml:6:14: unknown provider `x`");
  EXPECT_EQ(error_of(with_model("[[policies]]\nname = \"strict\"\n[[keys]]\nid = \"k\"\nkey = "
                                "\"s\"\npolicy = \"strikt\"\n")),
            "hearth.toml:9:10: unknown policy `strikt`; did you mean `strict`?");
}

TEST_F(ConfigTest, RouteNamesMustNotShadowModels) {
  EXPECT_EQ(error_of(with_model("[[routes]]\nname = \"m\"\n")),
            "hearth.toml:5:8: route `m` has the name of a model: names must say which one "
            "clients mean");
  EXPECT_EQ(error_of(with_model("[[routes]]\nname = \"remote:x\"\n")),
            "hearth.toml:5:8: a route name cannot start with `remote:`");
}

TEST_F(ConfigTest, EnvironmentVariables) {
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"k\"\nkey_env = \"NOPE\"\n")),
            "hearth.toml:6:11: the environment variable `NOPE` named by `key_env` is not set");
  env_["EMPTY"] = "";
  EXPECT_EQ(error_of(with_model("[[providers]]\nname = \"p\"\nbase_url = \"http://x\"\n"
                                "api_key_env = \"EMPTY\"\nmodels = [\"a\"]\n")),
            "hearth.toml:7:15: the environment variable `EMPTY` named by `api_key_env` is empty");
  env_["KEY"] = "from-env";
  const server::ServerConfig config =
      parse(with_model("[[keys]]\nid = \"k\"\nkey_env = \"KEY\"\n"));
  EXPECT_EQ(config.api_keys.at(0).secret, "from-env");
}

TEST_F(ConfigTest, OneSourceForAKeysSecret) {
  env_["KEY"] = "from-env";
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"k\"\nkey = \"s\"\nkey_env = \"KEY\"\n")),
            "hearth.toml:7:11: give only one of `key`, `key_env` and `key_file` (`key` is given "
            "too)");
  EXPECT_EQ(error_of(with_model("[[keys]]\nid = \"k\"\n")),
            "hearth.toml:4:1: [[keys]] needs one of `key`, `key_env` and `key_file` for the "
            "key's secret");
}

TEST_F(ConfigTest, KeyFilesAreReadFromBaseDir) {
  std::filesystem::create_directory(dir_ / "keys");
  std::ofstream(dir_ / "keys" / "k.key") << "file-secret\n";
  const server::ServerConfig config =
      parse(with_model("[[keys]]\nid = \"k\"\nkey_file = \"keys/k.key\"\n"));
  EXPECT_EQ(config.api_keys.at(0).secret, "file-secret");
  const std::string message = error_of(with_model("[[keys]]\nid = \"k\"\nkey_file = \"nope\"\n"));
  EXPECT_TRUE(message.starts_with("hearth.toml:6:12: cannot read the key file ")) << message;
}

TEST_F(ConfigTest, MissingModelFiles) {
  const std::string message = error_of("[[models]]\nid = \"m\"\npath = \"models/none.gguf\"\n");
  EXPECT_TRUE(message.starts_with("hearth.toml:3:8: `models/none.gguf` is neither a file in "))
      << message;
  EXPECT_EQ(error_of("[[models]]\nid = \"m\"\npath = \"/no/such/model.gguf\"\n"),
            "hearth.toml:3:8: model file /no/such/model.gguf does not exist");
}

}  // namespace
}  // namespace hearth::config
