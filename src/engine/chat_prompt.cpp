#include "hearth/engine/chat_prompt.h"

#include <string_view>

#include "hearth/util/error.h"

namespace hearth::engine {
namespace {

std::optional<std::string> token_text(const tokenizer::Vocabulary& vocabulary,
                                      std::optional<TokenId> id) {
  if (!id || *id < 0 || static_cast<std::size_t>(*id) >= vocabulary.size()) return std::nullopt;
  return vocabulary.token(*id).text;
}

}  // namespace

std::string render_chat_prompt(const Model& model, chat::ChatRequest request) {
  const tokenizer::Vocabulary& vocabulary = model.tokenizer().vocabulary();
  if (!request.bos_token) request.bos_token = token_text(vocabulary, vocabulary.special().bos);
  if (!request.eos_token) request.eos_token = token_text(vocabulary, vocabulary.special().eos);
  return chat::render_chat(model.prompt_template(), request);
}

std::vector<TokenId> chat_prompt_tokens(const Model& model, const chat::ChatRequest& request) {
  const std::string prompt = render_chat_prompt(model, request);
  const tokenizer::Tokenizer& tokenizer = model.tokenizer();
  std::vector<TokenId> tokens =
      tokenizer.encode(prompt, {.add_special = true, .parse_special = true});
  // Templates that write the BOS text themselves (Llama 3) would get it twice.
  const std::optional<TokenId> bos = tokenizer.vocabulary().special().bos;
  if (bos && tokens.size() >= 2 && tokens[0] == *bos && tokens[1] == *bos) {
    tokens.erase(tokens.begin());
  }
  return tokens;
}

}  // namespace hearth::engine
