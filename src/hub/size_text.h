// Byte counts in messages: "398.6 MiB".
#pragma once

#include <cstdint>
#include <string>

namespace hearth::hub::detail {

std::string size_text(std::uint64_t bytes);

}  // namespace hearth::hub::detail
