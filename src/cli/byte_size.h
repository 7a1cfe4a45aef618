// Sizes and counts written for people: "398.6 MiB", "494.03 M", and sizes
// read from them ("512M", "1.5GiB").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::cli {

std::string format_bytes(std::uint64_t bytes);
std::string format_count(std::uint64_t count);

// A byte count with an optional binary suffix, case-insensitive: "4096",
// "64K", "512MiB", "1.5G", "2TB" (K, M, G, T are powers of 1024 whether or
// not written KiB or KB, as `free -h` and llama.cpp read them). Whole bytes,
// rounded down; nullopt for anything else, a negative value, or more than
// fits in 64 bits.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace hearth::cli
