// The bodies of /v1/chat/completions, /v1/completions and /v1/embeddings,
// validated into plain structs. Every refusal is an ApiError 400 naming the
// field, worded as OpenAI words it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hearth/engine/generate.h"
#include "hearth/tokenizer/vocabulary.h"
#include "json_fields.h"

namespace hearth::server {

using tokenizer::TokenId;

// What chat and completions requests share.
struct GenerationRequest {
  std::string model;
  std::optional<std::int64_t> max_tokens;  // max_tokens or max_completion_tokens
  std::int64_t n = 1;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  std::vector<std::string> stop;
  std::optional<std::uint64_t> seed;
  // Sampling as OpenAI defines it (temperature 1, top_p 1, nothing else)
  // unless the request sets llama.cpp's extensions top_k / min_p /
  // repeat_penalty.
  sampling::SamplingParams sampling;
  bool logprobs = false;
  std::int32_t top_logprobs = 0;
  std::string user;
  bool ignore_eos = false;  // llama.cpp's extension: generate past end-of-text tokens
};

struct ChatCompletionRequest : GenerationRequest {
  Json messages = Json::array();  // normalized: content is a string
  Json template_kwargs = Json::object();
  // {"type": "json_object"} or {"type": "json_schema", "json_schema": {...}};
  // null for none or {"type": "text"}. Local models refuse it; routes pass
  // it to remote providers and validate local answers against it.
  Json response_format = nullptr;
};

// A prompt is text or token ids.
using PromptInput = std::variant<std::string, std::vector<TokenId>>;

struct CompletionRequest : GenerationRequest {
  std::vector<PromptInput> prompts;
  bool echo = false;
};

struct EmbeddingRequest {
  std::string model;
  std::vector<PromptInput> inputs;
  bool base64 = false;  // encoding_format
  std::optional<std::int64_t> dimensions;
  std::string user;
};

ChatCompletionRequest parse_chat_request(const Json& body);
CompletionRequest parse_completion_request(const Json& body);
EmbeddingRequest parse_embedding_request(const Json& body);

}  // namespace hearth::server
