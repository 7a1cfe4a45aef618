// Names that must be unique (model ids, provider names...) and references
// that must name something defined.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

namespace hearth::config::detail {

// Collects the names of one kind in the order given, refusing a repeat.
class UniqueNames {
 public:
  // `what` is how messages call a name: "model id", "provider name".
  explicit UniqueNames(std::string what) : what_(std::move(what)) {}

  // Throws at `where` (the name's value) when the name was given before.
  void add(const std::string& name, const toml::node& where);

  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  std::string what_;
  std::vector<std::string> names_;
  std::vector<toml::source_region> places_;
};

// Throws at `where` unless `name` is one of `known`: "unknown WHAT `name`"
// with the closest known name suggested.
void check_reference(const toml::node& where, std::string_view name,
                     const std::vector<std::string>& known, std::string_view what);

// check_reference for every string of an array, or for a single string.
void check_references(const toml::node* node, const std::vector<std::string>& known,
                      std::string_view what);

}  // namespace hearth::config::detail
