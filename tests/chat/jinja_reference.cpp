#include "jinja_reference.h"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hearth/util/error.h"
#include "test_paths.h"

extern char** environ;

namespace hearth::chat::testing {
namespace {

// The Debian interpreter, whose python3-jinja2 scripts/setup installs; a
// `python3` found on PATH may be another installation without jinja2.
constexpr const char* kPython = "/usr/bin/python3";
constexpr int kMissingJinja2 = 3;

int run(const std::vector<std::string>& command) {
  std::vector<char*> argv;
  for (const std::string& argument : command) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t child = 0;
  if (posix_spawn(&child, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error(std::string("cannot start ") + kPython +
                             ": install python3 and python3-jinja2 with scripts/setup");
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child) throw std::runtime_error("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string from_hex(const std::string& hex) {
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

}  // namespace

std::vector<ReferenceRender> render_with_jinja2(const nlohmann::ordered_json& cases) {
  const hearth::testing::ScratchDir scratch;
  const std::string cases_path = (scratch / "cases.json").string();
  const std::string results_path = (scratch / "results.json").string();
  std::ofstream(cases_path) << nlohmann::ordered_json{{"cases", cases}}.dump();

  const int status = run({kPython, std::string(HEARTH_CHAT_TEST_DIR) + "/render_reference.py",
                          cases_path, results_path});
  if (status == kMissingJinja2) {
    throw std::runtime_error("python3-jinja2 is missing: run scripts/setup");
  }
  if (status != 0) {
    throw std::runtime_error("render_reference.py failed with status " + std::to_string(status));
  }
  std::ifstream results_file(results_path);
  const nlohmann::json results = nlohmann::json::parse(results_file);
  std::vector<ReferenceRender> renders;
  for (const auto& result : results) {
    ReferenceRender render;
    if (result.contains("error")) {
      render.raised = true;
      render.error = result["error"].get<std::string>();
    } else {
      render.output = from_hex(result["output_hex"].get<std::string>());
    }
    renders.push_back(std::move(render));
  }
  if (renders.size() != cases.size()) throw std::runtime_error("render_reference.py lost cases");
  return renders;
}

LocalTime fixed_test_time() {
  std::tm calendar{};
  calendar.tm_year = 2024 - 1900;
  calendar.tm_mon = 6;
  calendar.tm_mday = 26;
  calendar.tm_hour = 9;
  calendar.tm_min = 5;
  calendar.tm_sec = 3;
  // timegm and back fills in the weekday and day of the year.
  const std::time_t seconds = timegm(&calendar);
  LocalTime time;
  gmtime_r(&seconds, &time.calendar);
  time.microsecond = 123456;
  return time;
}

void expect_same_as_jinja2(const std::vector<Snippet>& snippets) {
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const Snippet& snippet : snippets) {
    cases.push_back({{"template", snippet.source}, {"context", snippet.context}});
  }
  const std::vector<ReferenceRender> expected = render_with_jinja2(cases);
  RenderOptions options;
  options.clock = fixed_test_time;
  for (std::size_t i = 0; i < snippets.size(); ++i) {
    SCOPED_TRACE("template: " + snippets[i].source);
    std::string output;
    std::string error;
    bool raised = false;
    try {
      output = Template::parse(snippets[i].source).render(snippets[i].context, options);
    } catch (const Error& failure) {
      raised = true;
      error = failure.what();
    }
    if (expected[i].raised) {
      EXPECT_TRUE(raised) << "jinja2 raised " << expected[i].error << " but hearth rendered\n"
                          << output;
    } else if (raised) {
      ADD_FAILURE() << "hearth raised " << error << " but jinja2 rendered\n" << expected[i].output;
    } else {
      EXPECT_EQ(output, expected[i].output);
    }
  }
}

}  // namespace hearth::chat::testing
