// libFuzzer target for the tokenizers. The first input byte chooses the
// vocabulary and the options, the rest is text (or, with bit 6 set, a
// sequence of token ids). Every input must be handled without an exception,
// and what the API documents must hold:
// - every id encode() returns is inside the vocabulary;
// - decode(encode(text)) == text for SentencePiece and byte-level BPE
//   vocabularies when the text is valid UTF-8, special tokens are not parsed
//   and the text contains no special or user-defined token (those may drop
//   the whitespace around them) and, for SentencePiece, no U+2581 (its
//   stand-in for a space, which decodes as one);
// - StreamingDecoder's chunks are each valid UTF-8 and add up to decode()
//   of the same ids whenever that is valid UTF-8.
//
// The vocabularies are read from $HEARTH_SHARED_DIR/vocab, else from the
// shared/ folder configured at build time. tokenizer_tests links this file
// too and replays fuzz/corpus/tokenizer and fuzz/regressions/tokenizer
// through LLVMFuzzerTestOneInput.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/tokenizer/tokenizer.h"
#include "hearth/util/error.h"

namespace {

using hearth::tokenizer::TokenId;
using hearth::tokenizer::Tokenizer;

struct Family {
  std::string_view name;
  bool lossless;  // decode(encode(text)) gives valid UTF-8 text back
};

constexpr std::array<Family, 6> kFamilies = {{{"llama-spm", true},
                                              {"phi-3", true},
                                              {"llama-bpe", true},
                                              {"qwen2", true},
                                              {"gpt-2", true},
                                              {"bert-bge", false}}};

// Bits of the first byte after the family index (bits 0-2, modulo 6).
constexpr std::uint8_t kParseSpecial = 1u << 3;
constexpr std::uint8_t kAddSpecial = 1u << 4;
constexpr std::uint8_t kRenderSpecial = 1u << 5;
constexpr std::uint8_t kIdsInput = 1u << 6;

[[noreturn]] void fail(std::string_view family, std::string_view what) {
  std::fprintf(stderr, "tokenizer_fuzz (%.*s): %.*s\n", static_cast<int>(family.size()),
               family.data(), static_cast<int>(what.size()), what.data());
  std::abort();
}

std::filesystem::path vocab_folder() {
  const char* shared = std::getenv("HEARTH_SHARED_DIR");
  return std::filesystem::path(shared != nullptr ? shared : HEARTH_FUZZ_SHARED_DIR) / "vocab";
}

// Loaded once per process: parsing the larger vocabularies takes a while.
const Tokenizer& tokenizer_for(std::size_t family) {
  static std::array<std::unique_ptr<Tokenizer>, kFamilies.size()> loaded;
  if (!loaded[family]) {
    const std::filesystem::path path =
        vocab_folder() / ("ggml-vocab-" + std::string(kFamilies[family].name) + ".gguf");
    const hearth::gguf::File file = hearth::gguf::File::open(path);
    loaded[family] = std::make_unique<Tokenizer>(Tokenizer::from_file(file));
  }
  return *loaded[family];
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF),
// written here rather than borrowed from the tokenizer it checks.
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t code_point = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2, code_point = lead & 0x1Fu, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3, code_point = lead & 0x0Fu, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, code_point = lead & 0x07u, minimum = 0x10000;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// SentencePiece writes spaces as U+2581 LOWER ONE EIGHTH BLOCK, so one in the
// text decodes as a space.
constexpr std::string_view kSentencePieceSpace = "\xE2\x96\x81";

bool contains_special_text(const Tokenizer& tokenizer, std::string_view text) {
  for (const TokenId id : tokenizer.vocabulary().special_token_ids()) {
    const std::string& special = tokenizer.vocabulary().token(id).text;
    if (!special.empty() && text.find(special) != std::string_view::npos) return true;
  }
  return false;
}

void check_streaming(std::string_view family, const Tokenizer& tokenizer,
                     std::span<const TokenId> ids, bool render_special) {
  const std::string whole = tokenizer.decode(ids, render_special);
  hearth::tokenizer::StreamingDecoder decoder(tokenizer, render_special);
  std::string streamed;
  for (const TokenId id : ids) {
    const std::string chunk = decoder.push(id);
    if (!is_valid_utf8(chunk)) fail(family, "a streamed chunk is not valid UTF-8");
    streamed += chunk;
  }
  const std::string rest = decoder.finish();
  if (!is_valid_utf8(rest)) fail(family, "finish() returned invalid UTF-8");
  streamed += rest;
  if (is_valid_utf8(whole) && streamed != whole) {
    fail(family, "streamed chunks differ from decode()");
  }
}

void check_text(std::size_t family, std::uint8_t flags, std::string_view text) {
  const std::string_view name = kFamilies[family].name;
  const Tokenizer& tokenizer = tokenizer_for(family);
  hearth::tokenizer::EncodeOptions options;
  options.parse_special = (flags & kParseSpecial) != 0;
  options.add_special = (flags & kAddSpecial) != 0;
  const bool render_special = (flags & kRenderSpecial) != 0;

  const std::vector<TokenId> ids = tokenizer.encode(text, options);
  for (const TokenId id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= tokenizer.vocabulary().size()) {
      fail(name, "encode() returned an id outside the vocabulary");
    }
  }
  if (kFamilies[family].lossless && !options.parse_special && !render_special &&
      is_valid_utf8(text) && !contains_special_text(tokenizer, text) &&
      !(tokenizer.vocabulary().kind() == hearth::tokenizer::TokenizerKind::sentencepiece &&
        text.find(kSentencePieceSpace) != std::string_view::npos) &&
      tokenizer.decode(ids) != text) {
    fail(name, "decode(encode(text)) is not the text");
  }
  check_streaming(name, tokenizer, ids, render_special);
}

// Arbitrary id sequences: what a model may generate, special tokens and
// lone bytes of broken characters included.
void check_ids(std::size_t family, std::uint8_t flags, std::span<const std::uint8_t> bytes) {
  const Tokenizer& tokenizer = tokenizer_for(family);
  const std::size_t vocabulary_size = tokenizer.vocabulary().size();
  std::vector<TokenId> ids;
  for (std::size_t i = 0; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t value =
        bytes[i] | (std::uint32_t{bytes[i + 1]} << 8) | (std::uint32_t{bytes[i + 2]} << 16);
    ids.push_back(static_cast<TokenId>(value % vocabulary_size));
  }
  check_streaming(kFamilies[family].name, tokenizer, ids, (flags & kRenderSpecial) != 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const std::size_t family = (flags & 7u) % kFamilies.size();
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  try {
    if ((flags & kIdsInput) != 0) {
      check_ids(family, flags, rest);
    } else {
      check_text(family, flags,
                 std::string_view(reinterpret_cast<const char*>(rest.data()), rest.size()));
    }
  } catch (const std::exception& error) {
    // No input text or in-range id sequence is a reason to throw.
    fail(kFamilies[family].name, std::string("threw: ") + error.what());
  }
  return 0;
}
