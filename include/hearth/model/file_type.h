// llama.cpp's file types (enum llama_ftype): the value of general.file_type,
// which names the weight mix of a whole file ("Q4_K - Medium").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth::model {

enum class LlamaFileType : std::uint32_t {
  all_f32 = 0,
  mostly_f16 = 1,
  mostly_q4_0 = 2,
  mostly_q4_1 = 3,
  mostly_q8_0 = 7,
  mostly_q5_0 = 8,
  mostly_q5_1 = 9,
  mostly_q2_k = 10,
  mostly_q3_k_s = 11,
  mostly_q3_k_m = 12,
  mostly_q3_k_l = 13,
  mostly_q4_k_s = 14,
  mostly_q4_k_m = 15,
  mostly_q5_k_s = 16,
  mostly_q5_k_m = 17,
  mostly_q6_k = 18,
  mostly_bf16 = 32,
};

// The name llama.cpp prints for a general.file_type value (llama_ftype_name),
// e.g. "Q4_K - Medium"; nullopt for values it does not know.
std::optional<std::string_view> llama_file_type_name(std::uint32_t file_type) noexcept;

}  // namespace hearth::model
