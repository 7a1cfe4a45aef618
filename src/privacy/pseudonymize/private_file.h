// Files only their owner may read, for the vault's encrypted form.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace hearth::privacy {

// Writes bytes to path through a temporary file beside it, created with mode
// 0600, flushed to disk and renamed into place: a reader sees the old file or
// the new one, never a mix, and a failed write leaves the old one. Throws
// Error(not_found) when the folder does not exist, Error(io) otherwise.
void write_private_file(const std::filesystem::path& path, std::string_view bytes);

// The whole file. Throws Error(not_found) when it does not exist,
// Error(invalid_data) when it is larger than max_bytes, Error(io) otherwise.
std::string read_file_at_most(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace hearth::privacy
