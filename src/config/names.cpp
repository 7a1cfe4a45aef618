#include "names.h"

#include <fmt/format.h>

#include <algorithm>

#include "config_error.h"
#include "suggestion.h"

namespace hearth::config::detail {

void UniqueNames::add(const std::string& name, const toml::node& where) {
  const auto first = std::find(names_.begin(), names_.end(), name);
  if (first != names_.end()) {
    fail_at(where.source(),
            fmt::format("duplicate {} `{}` (first given at {})", what_, name,
                        position_text(places_[static_cast<std::size_t>(first - names_.begin())])));
  }
  names_.push_back(name);
  places_.push_back(where.source());
}

void check_reference(const toml::node& where, std::string_view name,
                     const std::vector<std::string>& known, std::string_view what) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return;
  fail_at(where.source(), fmt::format("unknown {} `{}`{}", what, name, did_you_mean(name, known)));
}

void check_references(const toml::node* node, const std::vector<std::string>& known,
                      std::string_view what) {
  if (node == nullptr) return;
  if (const toml::array* array = node->as_array()) {
    for (const toml::node& element : *array) {
      if (const toml::value<std::string>* text = element.as_string()) {
        check_reference(element, text->get(), known, what);
      }
    }
  } else if (const toml::value<std::string>* text = node->as_string()) {
    check_reference(*node, text->get(), known, what);
  }
}

}  // namespace hearth::config::detail
