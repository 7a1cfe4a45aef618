// A scratch folder holding a stand-in model file, an environment given as a
// map, and parse_config over a text with "hearth.toml" as its name.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "hearth/config/hearth_config.h"
#include "test_paths.h"

namespace hearth::config {

// The smallest valid model table, for texts about something else.
inline constexpr std::string_view kModel = "[[models]]\nid = \"m\"\npath = \"model.gguf\"\n";

class ConfigTest : public ::testing::Test {
 protected:
  ConfigTest();

  Environment environment() const;
  server::ServerConfig parse(std::string_view text) const;
  // The message of the Error(invalid_data) parsing `text` throws (fails the
  // test when it throws none or another kind).
  std::string error_of(std::string_view text) const;

  hearth::testing::ScratchDir dir_;
  std::map<std::string, std::string, std::less<>> env_;
};

}  // namespace hearth::config
