#include "config_fixture.h"

#include <fstream>

#include "hearth/util/error.h"

namespace hearth::config {

ConfigTest::ConfigTest() {
  std::ofstream(dir_ / "model.gguf") << "GGUF";
  env_["HOME"] = (dir_ / "home").string();  // for "~/" paths
}

Environment ConfigTest::environment() const {
  return [env = env_](std::string_view name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  };
}

server::ServerConfig ConfigTest::parse(std::string_view text) const {
  return parse_config(text, "hearth.toml", dir_.path(), environment());
}

std::string ConfigTest::error_of(std::string_view text) const {
  try {
    parse(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data) << error.message();
    return error.message();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

}  // namespace hearth::config
