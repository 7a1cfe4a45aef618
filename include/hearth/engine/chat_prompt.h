// A conversation turned into prompt tokens with the model's own chat
// template, the way transformers' apply_chat_template and llama.cpp do.
#pragma once

#include <string>
#include <vector>

#include "hearth/chat/conversation.h"
#include "hearth/engine/model.h"
#include "hearth/tokenizer/vocabulary.h"

namespace hearth::engine {

using tokenizer::TokenId;

// Renders `request` with the model's chat template, or ChatML when the file
// has none; bos_token / eos_token are filled in from the model's tokenizer
// unless the request sets them. Throws what chat::render_chat throws, and
// Error(invalid_data) when the model's template does not parse.
std::string render_chat_prompt(const Model& model, chat::ChatRequest request);

// The rendered prompt as tokens: special tokens written by the template
// ("<|im_start|>") are parsed as such, and BOS is added only when the
// tokenizer wants one and the template did not already write it.
std::vector<TokenId> chat_prompt_tokens(const Model& model, const chat::ChatRequest& request);

}  // namespace hearth::engine
