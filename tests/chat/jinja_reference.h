// Renders templates with Python's jinja2, as transformers does, for tests to
// compare hearth's rendering against.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/chat/template.h"

namespace hearth::chat::testing {

struct ReferenceRender {
  bool raised = false;
  std::string output;  // when not raised
  std::string error;   // "Type: message" when raised
};

// Runs tests/chat/render_reference.py once over all `cases` (see the script
// for their shape) and returns one result per case. Throws
// std::runtime_error, telling to run scripts/setup, when /usr/bin/python3 or
// its jinja2 is missing, and when the script fails.
std::vector<ReferenceRender> render_with_jinja2(const nlohmann::ordered_json& cases);

// The moment the reference's strftime_now() reads: 2024-07-26 09:05:03.123456.
LocalTime fixed_test_time();

// A template and the variables to render it with.
struct Snippet {
  std::string source;
  nlohmann::ordered_json context = nlohmann::ordered_json::object();
};

// Renders every snippet with hearth and with jinja2 (one Python process for
// all) and adds a test failure for each that differs: in output, or in that
// one raised and the other did not.
void expect_same_as_jinja2(const std::vector<Snippet>& snippets);

}  // namespace hearth::chat::testing
