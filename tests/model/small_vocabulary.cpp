#include "small_vocabulary.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "hearth/gguf/writer.h"

namespace hearth::model {

void write_small_vocabulary(const std::filesystem::path& path, std::uint32_t token_count,
                            VocabularyKind kind) {
  const bool sentencepiece = kind == VocabularyKind::sentencepiece;
  std::vector<std::string> tokens;
  std::vector<std::int32_t> types;
  std::vector<float> scores;
  for (std::uint32_t id = 0; id < token_count; ++id) {
    tokens.push_back(fmt::format("t{}", id));
    types.push_back(id < 2 ? 3 : 1);  // two CONTROL tokens, then NORMAL ones
    scores.push_back(-static_cast<float>(id));
  }

  gguf::Writer writer;
  gguf::Metadata& metadata = writer.metadata();
  metadata.set("general.architecture", "vocabulary-only");
  metadata.set("tokenizer.ggml.model", sentencepiece ? "llama" : "gpt2");
  metadata.set("tokenizer.ggml.pre", "default");
  metadata.set("tokenizer.ggml.tokens", gguf::make_string_array(tokens));
  if (sentencepiece) metadata.set("tokenizer.ggml.scores", gguf::make_float_array(scores));
  metadata.set("tokenizer.ggml.token_type", gguf::make_int32_array(types));
  if (!sentencepiece) metadata.set("tokenizer.ggml.merges", gguf::make_string_array({"t t"}));
  metadata.set("tokenizer.ggml.bos_token_id", std::uint32_t{0});
  metadata.set("tokenizer.ggml.eos_token_id", std::uint32_t{1});
  writer.write(path);
}

}  // namespace hearth::model
