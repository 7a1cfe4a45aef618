// Sizes and counts written for people: "398.6 MiB", "494.03 M".
#pragma once

#include <cstdint>
#include <string>

namespace hearth::cli {

std::string format_bytes(std::uint64_t bytes);
std::string format_count(std::uint64_t count);

}  // namespace hearth::cli
