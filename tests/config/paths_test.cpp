// Relative paths, load_config, and the example file in examples/.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "config_fixture.h"
#include "hearth/util/error.h"

namespace hearth::config {
namespace {

TEST_F(ConfigTest, RelativePathsAreTakenFromBaseDir) {
  std::filesystem::create_directories(dir_ / "models" / "sub");
  std::ofstream(dir_ / "models" / "sub" / "x.gguf") << "GGUF";
  const server::ServerConfig config = parse(R"(
[[models]]
id = "m"
path = "models/sub/../sub/x.gguf"
[cache]
enabled = true
path = "../cache/c.sqlite"
[audit]
path = "audit.sqlite"
)");
  EXPECT_EQ(config.models.at(0).path, dir_ / "models" / "sub" / "x.gguf");
  EXPECT_EQ(config.gateway.cache.path, (dir_.path().parent_path() / "cache" / "c.sqlite"));
  EXPECT_EQ(config.gateway.audit_path, dir_ / "audit.sqlite");
}

TEST_F(ConfigTest, HomeRelativePathsUseHome) {
  std::filesystem::create_directories(dir_ / "home");
  std::ofstream(dir_ / "home" / "y.gguf") << "GGUF";
  const server::ServerConfig config =
      parse("[[models]]\nid = \"m\"\npath = \"~/y.gguf\"\n[audit]\npath = \"~/a.sqlite\"\n");
  EXPECT_EQ(config.models.at(0).path, dir_ / "home" / "y.gguf");
  EXPECT_EQ(config.gateway.audit_path, dir_ / "home" / "a.sqlite");
}

TEST_F(ConfigTest, LoadConfigReadsRelativeToTheFile) {
  std::filesystem::create_directory(dir_ / "etc");
  std::ofstream(dir_ / "etc" / "model.gguf") << "GGUF";
  std::ofstream(dir_ / "etc" / "hearth.toml") << kModel << "[server]\nport = 80\n";
  const server::ServerConfig config = load_config(dir_ / "etc" / "hearth.toml", environment());
  EXPECT_EQ(config.models.at(0).path, dir_ / "etc" / "model.gguf");
  EXPECT_EQ(config.http.port, 80);
}

TEST_F(ConfigTest, LoadConfigNamesTheFileInMessages) {
  std::ofstream(dir_ / "bad.toml") << kModel << "[server]\nport = -1\n";
  const std::string file = (dir_ / "bad.toml").string();
  try {
    load_config(dir_ / "bad.toml", environment());
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), file + ":5:8: `port` must be an integer between 0 and 65535");
  }
}

TEST_F(ConfigTest, LoadConfigOfAMissingFileIsNotFound) {
  try {
    load_config(dir_ / "none.toml", environment());
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

// The example in the repository parses, with its variables set and its model
// file present.
TEST_F(ConfigTest, TheExampleParses) {
  const std::filesystem::path example =
      std::filesystem::path(HEARTH_SOURCE_DIR) / "examples" / "hearth.toml";
  std::ifstream file(example);
  ASSERT_TRUE(file) << example;
  std::stringstream text;
  text << file.rdbuf();
  std::ofstream(dir_ / "qwen2.5-0.5b-instruct-q4_k_m.gguf") << "GGUF";
  for (const char* name : {"HEARTH_KEY_ALICE", "HEARTH_KEY_CI", "OPENAI_API_KEY",
                           "ANTHROPIC_API_KEY", "HEARTH_HASH_KEY"}) {
    env_[name] = std::string("value-of-") + name;
  }
  const server::ServerConfig config =
      parse_config(text.str(), example.string(), dir_.path(), environment());
  EXPECT_EQ(config.http.port, 8080);
  ASSERT_EQ(config.models.size(), 1u);
  EXPECT_EQ(config.models[0].path, dir_ / "qwen2.5-0.5b-instruct-q4_k_m.gguf");
  EXPECT_EQ(config.api_keys.size(), 2u);
  EXPECT_EQ(config.gateway.providers.size(), 3u);
  EXPECT_EQ(config.gateway.router.routes.size(), 2u);
  EXPECT_EQ(config.gateway.router.policies.size(), 1u);
  EXPECT_TRUE(config.gateway.cache.enabled);
  EXPECT_EQ(config.gateway.audit_path, dir_ / "audit.sqlite");
}

}  // namespace
}  // namespace hearth::config
