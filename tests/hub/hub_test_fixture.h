// What the hub tests share: a fake hub, a models folder of their own, and
// HF_ENDPOINT / HEARTH_MODELS pointing at them while a test runs.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fake_hub.h"
#include "hearth/util/error.h"
#include "scoped_environment.h"
#include "test_paths.h"

namespace hearth::testing {

class HubTest : public ::testing::Test {
 protected:
  HubTest() {
    environment_.set("HF_ENDPOINT", hub_.endpoint());
    environment_.set("HEARTH_MODELS", models_.path().string());
    environment_.unset("HF_TOKEN");
  }

  const std::filesystem::path& models() const { return models_.path(); }

  ScopedEnvironment environment_;
  FakeHub hub_;
  ScratchDir models_;
};

// Every regular file under `folder`, relative to it, sorted.
std::vector<std::string> files_under(const std::filesystem::path& folder);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// The Error `action` throws (a failed test when it throws none).
template <typename Action>
Error error_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error was thrown";
  return Error(ErrorKind::internal, "no error");
}

}  // namespace hearth::testing
