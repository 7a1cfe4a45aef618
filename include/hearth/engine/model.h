// A model loaded for inference: the mapped GGUF file, its weights bound in
// place, its tokenizer and chat template. Immutable once loaded, shared by
// every session that uses it (std::shared_ptr), safe to use from many
// threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hearth/chat/template.h"
#include "hearth/gguf/file.h"
#include "hearth/model/transformer.h"
#include "hearth/tokenizer/tokenizer.h"

namespace hearth::engine {

class Model {
 public:
  // Maps and checks `path`: GGUF validity, a supported architecture, every
  // tensor present with the right shape and a type hearth computes with, a
  // tokenizer hearth knows. Throws Error with a message naming what is wrong
  // (not_found, io, invalid_data, unsupported). Loading maps the file; it does
  // not read the weights into memory.
  static std::shared_ptr<const Model> load(const std::filesystem::path& path);

  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  ~Model();

  const std::filesystem::path& path() const noexcept { return path_; }
  // general.name, else the file name without its extension.
  const std::string& name() const noexcept { return name_; }
  const gguf::File& file() const noexcept { return file_; }
  const model::Hyperparameters& hyperparameters() const noexcept {
    return transformer_.hyperparameters();
  }
  const model::Transformer& transformer() const noexcept { return transformer_; }
  const tokenizer::Tokenizer& tokenizer() const noexcept { return tokenizer_; }
  // tokenizer.chat_template, when the file has one.
  const std::optional<std::string>& chat_template() const noexcept { return chat_template_; }
  // The template chat prompts are rendered with: the file's, parsed once at
  // load, or ChatML when the file has none. Throws Error(invalid_data) naming
  // the syntax error when the file's template does not parse (the model still
  // loads: plain completion does not need it).
  const chat::Template& prompt_template() const;
  // Bytes of all tensor data (what generation streams through per token).
  std::uint64_t weight_bytes() const noexcept { return weight_bytes_; }
  std::uint64_t parameter_count() const noexcept { return parameter_count_; }
  // "Q4_K - Medium" from general.file_type, else the most common matrix type.
  const std::string& type_name() const noexcept { return type_name_; }
  // Tokens that end a reply: EOS, EOT and EOM, plus the control tokens chat
  // formats end turns with ("<|im_end|>", "<|eot_id|>", ...), as llama.cpp
  // finds them.
  bool is_end_of_generation(tokenizer::TokenId token) const noexcept;

 private:
  Model(std::filesystem::path path, gguf::File file);

  std::filesystem::path path_;
  gguf::File file_;
  model::Transformer transformer_;
  tokenizer::Tokenizer tokenizer_;
  std::optional<std::string> chat_template_;
  std::optional<chat::Template> prompt_template_;
  std::string prompt_template_error_;
  std::string name_;
  std::string type_name_;
  std::uint64_t weight_bytes_ = 0;
  std::uint64_t parameter_count_ = 0;
  std::vector<tokenizer::TokenId> end_of_generation_;
};

}  // namespace hearth::engine
