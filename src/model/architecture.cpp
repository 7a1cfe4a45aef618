#include "hearth/model/architecture.h"

#include <array>

#include "families/families.h"

namespace hearth::model {
namespace {

// Indexed by Architecture. Built on first use: the families are defined in
// their own files, and a function-local static is initialized after them.
const std::array<ArchitectureTraits, 3>& architectures() noexcept {
  static const std::array<ArchitectureTraits, 3> table = {families::llama, families::qwen2,
                                                          families::qwen3};
  return table;
}

}  // namespace

const ArchitectureTraits& architecture_traits(Architecture architecture) noexcept {
  return architectures()[static_cast<std::size_t>(architecture)];
}

std::optional<Architecture> architecture_from_name(std::string_view name) noexcept {
  for (const ArchitectureTraits& traits : architectures()) {
    if (traits.name == name) return traits.architecture;
  }
  return std::nullopt;
}

std::span<const ArchitectureTraits> all_architectures() noexcept {
  return architectures();
}

}  // namespace hearth::model
