#include "hearth/tokenizer/vocabulary.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "hearth/util/error.h"

namespace hearth::tokenizer {
namespace {

constexpr std::string_view kModelKey = "tokenizer.ggml.model";
constexpr std::string_view kPreKey = "tokenizer.ggml.pre";
constexpr std::string_view kTokensKey = "tokenizer.ggml.tokens";
constexpr std::string_view kScoresKey = "tokenizer.ggml.scores";
constexpr std::string_view kTokenTypeKey = "tokenizer.ggml.token_type";
constexpr std::string_view kMergesKey = "tokenizer.ggml.merges";
constexpr std::string_view kAddBosKey = "tokenizer.ggml.add_bos_token";
constexpr std::string_view kAddEosKey = "tokenizer.ggml.add_eos_token";
constexpr std::string_view kAddSepKey = "tokenizer.ggml.add_sep_token";
constexpr std::string_view kAddSpacePrefixKey = "tokenizer.ggml.add_space_prefix";
constexpr std::string_view kLowercaseKey = "tokenizer.ggml.normalizer.lowercase";
constexpr std::string_view kStripAccentsKey = "tokenizer.ggml.normalizer.strip_accents";
constexpr std::string_view kGeneralNameKey = "general.name";
constexpr std::string_view kArchitectureKey = "general.architecture";

struct SpecialIdKey {
  std::string_view key;
  std::optional<TokenId> SpecialTokenIds::*member;
};

// "seperator" is how GGUF spells it.
constexpr std::array kSpecialIdKeys = {
    SpecialIdKey{"tokenizer.ggml.bos_token_id", &SpecialTokenIds::bos},
    SpecialIdKey{"tokenizer.ggml.eos_token_id", &SpecialTokenIds::eos},
    SpecialIdKey{"tokenizer.ggml.eot_token_id", &SpecialTokenIds::eot},
    SpecialIdKey{"tokenizer.ggml.eom_token_id", &SpecialTokenIds::eom},
    SpecialIdKey{"tokenizer.ggml.unknown_token_id", &SpecialTokenIds::unk},
    SpecialIdKey{"tokenizer.ggml.seperator_token_id", &SpecialTokenIds::sep},
    SpecialIdKey{"tokenizer.ggml.padding_token_id", &SpecialTokenIds::pad},
    SpecialIdKey{"tokenizer.ggml.cls_token_id", &SpecialTokenIds::cls},
    SpecialIdKey{"tokenizer.ggml.mask_token_id", &SpecialTokenIds::mask},
};

// Older conversions leave end-of-turn ids out; llama.cpp then recognizes the
// token by its text, earlier names winning, and so do we.
constexpr std::array<std::string_view, 11> kEndOfTurnTexts = {
    "<|eot_id|>",        "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
    "<|end_of_text|>",   "<EOT>",      "_<EOT>",  "[EOT]",         "<｜end▁of▁sentence｜>",
    "<end_of_utterance>"};

// Tokens that end generation in some model family. llama.cpp makes each of
// them a control token whatever the file says, so that user text can never
// produce one (Phi-3 ships "</s>" as user-defined, for instance). We leave
// normal tokens alone: Qwen2's vocabulary has an ordinary "</s>" that its
// byte-level BPE produces from plain text, and as a control token it would
// vanish from decoded text.
constexpr std::array<std::string_view, 22> kEndOfGenerationTexts = {"<|eot_id|>",
                                                                    "<|im_end|>",
                                                                    "<|end|>",
                                                                    "<|return|>",
                                                                    "<|call|>",
                                                                    "<|flush|>",
                                                                    "<|calls|>",
                                                                    "<end_of_turn>",
                                                                    "<|endoftext|>",
                                                                    "</s>",
                                                                    "<|eom_id|>",
                                                                    "<EOT>",
                                                                    "_<EOT>",
                                                                    "[EOT]",
                                                                    "[EOS]",
                                                                    "<|end_of_text|>",
                                                                    "<end_of_utterance>",
                                                                    "<eos>",
                                                                    "<turn|>",
                                                                    "<|tool_response>",
                                                                    "<｜end▁of▁sentence｜>",
                                                                    "[e~["};

// Byte-level BPE pre-tokenizers whose models expect BOS although their files
// may not say so (Llama 3 and relatives); llama.cpp defaults add_bos for them.
constexpr std::array<std::string_view, 11> kBosByDefaultPreTokenizers = {
    "llama3",   "llama-v3", "llama-bpe",    "falcon3", "falcon-h1", "pixtral",
    "midm-2.0", "lfm2",     "jina-v5-nano", "tekken",  "chameleon"};

template <std::size_t N>
bool is_one_of(std::string_view text, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view needle) { return text.find(needle) != text.npos; });
}

std::optional<std::string_view> optional_string(const gguf::Metadata& metadata,
                                                std::string_view key) {
  const gguf::Value* value = metadata.find(key);
  if (value == nullptr) return std::nullopt;
  const std::string* text = value->as_string();
  if (text == nullptr) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' must be a string, not {}", key,
          gguf::value_type_name(value->type()));
  }
  return *text;
}

std::optional<bool> optional_bool(const gguf::Metadata& metadata, std::string_view key) {
  const gguf::Value* value = metadata.find(key);
  if (value == nullptr) return std::nullopt;
  const bool* flag = value->get_if<bool>();
  if (flag == nullptr) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' must be a bool, not {}", key,
          gguf::value_type_name(value->type()));
  }
  return *flag;
}

// An array of one of `element_types`, or nullptr when the key is absent.
const gguf::Array* optional_array(const gguf::Metadata& metadata, std::string_view key,
                                  std::initializer_list<gguf::ValueType> element_types) {
  const gguf::Value* value = metadata.find(key);
  if (value == nullptr) return nullptr;
  const gguf::Array* array = value->as_array();
  const bool allowed = array != nullptr && std::find(element_types.begin(), element_types.end(),
                                                     array->element_type) != element_types.end();
  if (!allowed) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' must be an array of {}, not {}", key,
          gguf::value_type_name(*element_types.begin()),
          array == nullptr ? gguf::value_type_name(value->type())
                           : gguf::value_type_name(array->element_type));
  }
  return array;
}

// Scores and types may run longer than the token list (llama.cpp reads only
// the first n), never shorter.
void require_per_token(const gguf::Array* array, std::string_view key, std::size_t token_count) {
  if (array != nullptr && array->items.size() < token_count) {
    raise(ErrorKind::invalid_data, "tokenizer key '{}' has {} entries for {} tokens", key,
          array->items.size(), token_count);
  }
}

TokenizerKind kind_of_model(std::string_view model) {
  if (model == "llama") return TokenizerKind::sentencepiece;
  if (model == "gpt2") return TokenizerKind::byte_level_bpe;
  if (model == "bert") return TokenizerKind::wordpiece;
  raise(ErrorKind::unsupported, "tokenizer model '{}' ('{}') is not supported", model, kModelKey);
}

// The ids llama.cpp assumes when a SentencePiece or BERT file leaves them out.
SpecialTokenIds default_special_ids(TokenizerKind kind) {
  SpecialTokenIds ids;
  switch (kind) {
    case TokenizerKind::sentencepiece:
      ids.bos = 1;
      ids.eos = 2;
      ids.unk = 0;
      break;
    case TokenizerKind::wordpiece:
      ids.bos = 101;
      ids.cls = 101;
      ids.unk = 100;
      ids.sep = 102;
      ids.pad = 0;
      ids.mask = 103;
      break;
    case TokenizerKind::byte_level_bpe:
      break;
  }
  return ids;
}

TokenType token_type_from(std::int32_t value) {
  if (value < static_cast<std::int32_t>(TokenType::undefined) ||
      value > static_cast<std::int32_t>(TokenType::byte)) {
    return TokenType::undefined;
  }
  return static_cast<TokenType>(value);
}

bool is_special_type(TokenType type) {
  return type == TokenType::control || type == TokenType::user_defined ||
         type == TokenType::unknown;
}

std::string lowercase_ascii(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

}  // namespace

Vocabulary Vocabulary::from_metadata(const gguf::Metadata& metadata) {
  Vocabulary vocabulary;
  const std::optional<std::string_view> model = optional_string(metadata, kModelKey);
  if (!model) raise(ErrorKind::invalid_data, "the tokenizer model ('{}') is missing", kModelKey);
  vocabulary.kind_ = kind_of_model(*model);
  vocabulary.model_name_ = *model;
  vocabulary.pre_ = optional_string(metadata, kPreKey).value_or("");
  vocabulary.load_tokens(metadata);
  if (vocabulary.kind_ == TokenizerKind::byte_level_bpe) vocabulary.load_merges(metadata);
  vocabulary.load_special_ids(metadata);
  vocabulary.load_flags(metadata);
  vocabulary.mark_end_of_generation_tokens();
  vocabulary.index_special_tokens(metadata);
  return vocabulary;
}

void Vocabulary::load_tokens(const gguf::Metadata& metadata) {
  const gguf::Array* tokens = optional_array(metadata, kTokensKey, {gguf::ValueType::string});
  if (tokens == nullptr || tokens->items.empty()) {
    raise(ErrorKind::invalid_data, "the token list ('{}') is missing or empty", kTokensKey);
  }
  const std::size_t count = tokens->items.size();
  if (count > static_cast<std::size_t>(std::numeric_limits<TokenId>::max())) {
    raise(ErrorKind::invalid_data, "'{}' has {} tokens, more than a token id can number",
          kTokensKey, count);
  }
  const gguf::Array* scores =
      optional_array(metadata, kScoresKey, {gguf::ValueType::float32, gguf::ValueType::int32});
  require_per_token(scores, kScoresKey, count);
  const gguf::Array* types = optional_array(metadata, kTokenTypeKey, {gguf::ValueType::int32});
  require_per_token(types, kTokenTypeKey, count);

  tokens_.resize(count);
  ids_by_text_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    TokenEntry& entry = tokens_[i];
    const std::string* text = tokens->items[i].as_string();
    if (text == nullptr) {
      raise(ErrorKind::invalid_data, "'{}' entry {} is not a string", kTokensKey, i);
    }
    // An empty token could never be matched; llama.cpp names it so that its id
    // still decodes to something visible.
    entry.text = text->empty() ? fmt::format("[EMPTY_{}]", i) : *text;
    if (scores != nullptr) {
      entry.score = static_cast<float>(scores->items[i].as_double().value_or(0));
    }
    if (types != nullptr) {
      const std::int32_t* type = types->items[i].get_if<std::int32_t>();
      entry.type = type == nullptr ? TokenType::undefined : token_type_from(*type);
    }
    const auto [existing, inserted] = ids_by_text_.emplace(entry.text, static_cast<TokenId>(i));
    if (!inserted) {
      raise(ErrorKind::invalid_data, "'{}' lists '{}' twice (ids {} and {})", kTokensKey,
            entry.text, existing->second, i);
    }
  }
}

void Vocabulary::load_merges(const gguf::Metadata& metadata) {
  const gguf::Array* merges = optional_array(metadata, kMergesKey, {gguf::ValueType::string});
  if (merges == nullptr) {
    raise(ErrorKind::invalid_data, "a byte-level BPE vocabulary needs merges ('{}')", kMergesKey);
  }
  merge_ranks_.reserve(merges->items.size());
  for (std::size_t rank = 0; rank < merges->items.size(); ++rank) {
    const std::string* merge = merges->items[rank].as_string();
    // The separator is searched from the second byte on, so a merge whose left
    // side is a space itself still splits where it should.
    const std::size_t space = merge == nullptr ? std::string::npos : merge->find(' ', 1);
    if (space == std::string::npos) {
      raise(ErrorKind::invalid_data, "'{}' entry {} is not two symbols separated by a space",
            kMergesKey, rank);
    }
    // A repeated pair keeps its first (highest-priority) rank.
    merge_ranks_.emplace(std::pair(merge->substr(0, space), merge->substr(space + 1)),
                         static_cast<std::int32_t>(rank));
  }
}

void Vocabulary::load_special_ids(const gguf::Metadata& metadata) {
  special_ = default_special_ids(kind_);
  // Defaults that do not fit this vocabulary are dropped, as llama.cpp does.
  for (const SpecialIdKey& special : kSpecialIdKeys) {
    std::optional<TokenId>& id = special_.*special.member;
    if (id && static_cast<std::size_t>(*id) >= tokens_.size()) id.reset();
  }
  bool has_bos_key = false;
  bool has_cls_key = false;
  for (const SpecialIdKey& special : kSpecialIdKeys) {
    const gguf::Value* value = metadata.find(special.key);
    if (value == nullptr) continue;
    const std::optional<std::uint64_t> id = value->as_uint();
    if (!id || *id >= tokens_.size()) {
      raise(ErrorKind::invalid_data, "tokenizer key '{}' is not a token id below {}", special.key,
            tokens_.size());
    }
    special_.*special.member = static_cast<TokenId>(*id);
    has_bos_key = has_bos_key || special.member == &SpecialTokenIds::bos;
    has_cls_key = has_cls_key || special.member == &SpecialTokenIds::cls;
  }
  // BERT's sequence starts with CLS, which llama.cpp calls BOS; a file may
  // name either.
  if (kind_ == TokenizerKind::wordpiece) {
    if (has_cls_key && !has_bos_key) special_.bos = special_.cls;
    if (has_bos_key && !has_cls_key) special_.cls = special_.bos;
  }
}

void Vocabulary::load_flags(const gguf::Metadata& metadata) {
  const bool sentencepiece = kind_ == TokenizerKind::sentencepiece;
  const bool wordpiece = kind_ == TokenizerKind::wordpiece;
  add_space_prefix_ = optional_bool(metadata, kAddSpacePrefixKey).value_or(sentencepiece);
  const bool bos_by_default =
      sentencepiece || wordpiece || is_one_of(pre_, kBosByDefaultPreTokenizers);
  add_bos_ = optional_bool(metadata, kAddBosKey).value_or(bos_by_default);
  add_eos_ = optional_bool(metadata, kAddEosKey).value_or(false);
  add_sep_ = optional_bool(metadata, kAddSepKey).value_or(wordpiece);
  lowercase_ = optional_bool(metadata, kLowercaseKey).value_or(true);
  // HF's BertNormalizer strips accents exactly when it lowercases unless told.
  strip_accents_ = optional_bool(metadata, kStripAccentsKey).value_or(lowercase_);

  const auto require_id = [](bool added, const std::optional<TokenId>& id, std::string_view flag,
                             std::string_view what) {
    if (added && !id) {
      raise(ErrorKind::invalid_data, "'{}' asks for a {} token, but the vocabulary has none", flag,
            what);
    }
  };
  require_id(add_bos_, special_.bos, kAddBosKey, "BOS");
  require_id(add_eos_, special_.eos, kAddEosKey, "EOS");
  require_id(wordpiece && add_sep_, special_.sep, kAddSepKey, "SEP");
}

void Vocabulary::mark_end_of_generation_tokens() {
  if (!special_.eot) {
    for (std::string_view text : kEndOfTurnTexts) {
      special_.eot = find(text);
      if (special_.eot) break;
    }
  }
  if (!special_.eom) special_.eom = find("<|eom_id|>");
  const auto make_control = [&](std::optional<TokenId> id) {
    if (!id) return;
    TokenType& type = tokens_[static_cast<std::size_t>(*id)].type;
    if (type != TokenType::normal) type = TokenType::control;
  };
  for (std::string_view text : kEndOfGenerationTexts) make_control(find(text));
  make_control(special_.eot);
  make_control(special_.eom);
}

void Vocabulary::index_special_tokens(const gguf::Metadata& metadata) {
  for (std::size_t id = 0; id < tokens_.size(); ++id) {
    if (is_special_type(tokens_[id].type)) special_by_length_.push_back(static_cast<TokenId>(id));
  }
  std::stable_sort(special_by_length_.begin(), special_by_length_.end(), [&](TokenId a, TokenId b) {
    return token(a).text.size() > token(b).text.size();
  });

  // llama.cpp sets these attributes by model name, since GGUF does not carry
  // them; a mismatch here changes how chat templates tokenize.
  const std::string name = lowercase_ascii(optional_string(metadata, kGeneralNameKey).value_or(""));
  const std::string_view architecture = optional_string(metadata, kArchitectureKey).value_or("");
  const auto set_flag = [&](std::string_view text, bool TokenEntry::*flag, bool value) {
    if (const std::optional<TokenId> id = find(text)) {
      tokens_[static_cast<std::size_t>(*id)].*flag = value;
    }
  };
  if (contains_any(pre_, {"jina-v2-de", "jina-v2-es", "jina-v2-code"}) ||
      contains_any(architecture, {"nomic-bert-moe", "jina-bert-v3"})) {
    set_flag("<mask>", &TokenEntry::lstrip, true);
  } else if (contains_any(name, {"phi-3", "phi3"})) {
    // Phi-3's chat tokens swallow the newline the template writes after them.
    for (TokenId id : special_by_length_) tokens_[static_cast<std::size_t>(id)].rstrip = true;
    set_flag("</s>", &TokenEntry::rstrip, true);
    for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"}) {
      set_flag(text, &TokenEntry::rstrip, false);
    }
  } else if (contains_any(name, {"modern-bert"})) {
    set_flag("[MASK]", &TokenEntry::lstrip, true);
  }
}

std::optional<TokenId> Vocabulary::find(std::string_view text) const noexcept {
  const auto found = ids_by_text_.find(text);
  if (found == ids_by_text_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::int32_t> Vocabulary::merge_rank(std::string_view left,
                                                   std::string_view right) const {
  const auto found = merge_ranks_.find(MergePair(left, right));
  if (found == merge_ranks_.end()) return std::nullopt;
  return found->second;
}

}  // namespace hearth::tokenizer
