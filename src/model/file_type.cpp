#include "hearth/model/file_type.h"

namespace hearth::model {

std::optional<std::string_view> llama_file_type_name(std::uint32_t file_type) noexcept {
  switch (static_cast<LlamaFileType>(file_type)) {
    case LlamaFileType::all_f32:
      return "all F32";
    case LlamaFileType::mostly_f16:
      return "F16";
    case LlamaFileType::mostly_q4_0:
      return "Q4_0";
    case LlamaFileType::mostly_q4_1:
      return "Q4_1";
    case LlamaFileType::mostly_q8_0:
      return "Q8_0";
    case LlamaFileType::mostly_q5_0:
      return "Q5_0";
    case LlamaFileType::mostly_q5_1:
      return "Q5_1";
    case LlamaFileType::mostly_q2_k:
      return "Q2_K - Medium";
    case LlamaFileType::mostly_q3_k_s:
      return "Q3_K - Small";
    case LlamaFileType::mostly_q3_k_m:
      return "Q3_K - Medium";
    case LlamaFileType::mostly_q3_k_l:
      return "Q3_K - Large";
    case LlamaFileType::mostly_q4_k_s:
      return "Q4_K - Small";
    case LlamaFileType::mostly_q4_k_m:
      return "Q4_K - Medium";
    case LlamaFileType::mostly_q5_k_s:
      return "Q5_K - Small";
    case LlamaFileType::mostly_q5_k_m:
      return "Q5_K - Medium";
    case LlamaFileType::mostly_q6_k:
      return "Q6_K";
    case LlamaFileType::mostly_bf16:
      return "BF16";
  }
  return std::nullopt;
}

}  // namespace hearth::model
