#include "hearth/model/architecture.h"

#include <array>

namespace hearth::model {
namespace {

// Indexed by Architecture.
constexpr std::array<ArchitectureTraits, 3> kArchitectures = {{
    {Architecture::llama, "llama", false, false},
    {Architecture::qwen2, "qwen2", true, false},
    {Architecture::qwen3, "qwen3", false, true},
}};

}  // namespace

const ArchitectureTraits& architecture_traits(Architecture architecture) noexcept {
  return kArchitectures[static_cast<std::size_t>(architecture)];
}

std::optional<Architecture> architecture_from_name(std::string_view name) noexcept {
  for (const ArchitectureTraits& traits : kArchitectures) {
    if (traits.name == name) return traits.architecture;
  }
  return std::nullopt;
}

std::span<const ArchitectureTraits> all_architectures() noexcept {
  return kArchitectures;
}

}  // namespace hearth::model
