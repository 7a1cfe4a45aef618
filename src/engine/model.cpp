#include "hearth/engine/model.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "hearth/chat/conversation.h"
#include "hearth/model/file_type.h"
#include "hearth/model/metadata_keys.h"
#include "hearth/model/model_description.h"
#include "hearth/util/error.h"

namespace hearth::engine {
namespace {

// Control tokens that end a turn in the common chat formats; llama.cpp treats
// them as end-of-generation whatever the special token ids say.
constexpr std::array<std::string_view, 10> kTurnEndTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>",         "<end_of_turn>",         "<|endoftext|>",
    "<|eom_id|>", "<EOT>",      "<|end_of_text|>", "<|END_OF_TURN_TOKEN|>", "<|return|>"};

std::vector<tokenizer::TokenId> find_end_of_generation(const tokenizer::Vocabulary& vocabulary) {
  std::vector<tokenizer::TokenId> ids;
  const tokenizer::SpecialTokenIds& special = vocabulary.special();
  for (const std::optional<tokenizer::TokenId>& id : {special.eos, special.eot, special.eom}) {
    if (id) ids.push_back(*id);
  }
  for (std::string_view text : kTurnEndTexts) {
    const std::optional<tokenizer::TokenId> id = vocabulary.find(text);
    if (id && vocabulary.token(*id).type == tokenizer::TokenType::control) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

std::shared_ptr<const Model> Model::load(const std::filesystem::path& path) {
  gguf::File file = gguf::File::open(path);
  return std::shared_ptr<const Model>(new Model(path, std::move(file)));
}

Model::Model(std::filesystem::path path, gguf::File file)
    : path_(std::move(path)),
      file_(std::move(file)),
      transformer_(file_),
      tokenizer_(tokenizer::Tokenizer::from_file(file_)) {
  const gguf::Metadata& metadata = file_.metadata();
  if (const gguf::Value* value = metadata.find(model::keys::tokenizer_chat_template)) {
    if (const std::string* text = value->as_string()) chat_template_ = *text;
  }
  const model::ModelDescription description = model::describe_model(file_);
  name_ = description.name.value_or(path_.stem().string());
  weight_bytes_ = description.memory.weight_bytes;
  parameter_count_ = description.parameter_count;
  if (description.file_type_name) {
    type_name_ = *description.file_type_name;
  } else if (!description.tensor_types.empty()) {
    type_name_ = std::string(tensor::type_name(description.tensor_types.front().type));
  }
  end_of_generation_ = find_end_of_generation(tokenizer_.vocabulary());
  try {
    prompt_template_ = chat::Template::parse(chat_template_ ? std::string_view(*chat_template_)
                                                            : chat::kChatMlTemplate);
  } catch (const Error& error) {
    prompt_template_error_ = error.message();
  }
}

const chat::Template& Model::prompt_template() const {
  if (!prompt_template_) {
    raise(ErrorKind::invalid_data, "the model's chat template does not parse: {}",
          prompt_template_error_);
  }
  return *prompt_template_;
}

Model::~Model() = default;

bool Model::is_end_of_generation(tokenizer::TokenId token) const noexcept {
  return std::binary_search(end_of_generation_.begin(), end_of_generation_.end(), token);
}

}  // namespace hearth::engine
