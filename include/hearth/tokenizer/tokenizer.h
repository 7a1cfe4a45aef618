// Text to token ids and back, exactly as the reference implementation
// (llama.cpp) does it for the same GGUF vocabulary.
//
// A Tokenizer is immutable after construction: encode and decode may be called
// from many threads at once.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer {

struct EncodeOptions {
  // Add BOS / EOS where the vocabulary's add_bos_token / add_eos_token say so.
  bool add_special = true;
  // Match special and control tokens ("<|im_start|>") written in the text.
  // Off by default: user text must never produce a control token by accident.
  bool parse_special = false;
};

class Tokenizer {
 public:
  // Throws Error(unsupported) for a tokenizer model or pre-tokenizer family
  // hearth does not know (never silently wrong tokens), Error(invalid_data)
  // for malformed tokenizer metadata.
  static Tokenizer from_metadata(const gguf::Metadata& metadata);
  static Tokenizer from_file(const gguf::File& file) { return from_metadata(file.metadata()); }

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Invalid UTF-8 in `text` is replaced by U+FFFD, one per maximal invalid
  // subsequence (the WHATWG / Unicode "substitution of maximal subparts" rule),
  // before tokenizing. User-defined tokens written in the text are matched
  // whatever `options` say, as llama.cpp does.
  std::vector<TokenId> encode(std::string_view text, const EncodeOptions& options = {}) const;

  // The bytes a token stands for: byte-fallback tokens (<0x0A>) become their
  // byte, byte-level BPE symbols are mapped back to bytes, SentencePiece's
  // U+2581 becomes a space; control, user-defined and unknown tokens give
  // their text. May be part of a UTF-8 character. Throws
  // Error(invalid_argument) for an id outside the vocabulary.
  std::string token_to_bytes(TokenId id) const;

  // The text of a whole sequence: the tokens' bytes in order. The space a
  // SentencePiece tokenizer adds in front of the first word (WordPiece: in
  // front of every word) is dropped from the start, so text without special
  // tokens round-trips for SentencePiece and byte-level BPE (SentencePiece:
  // unless it contains U+2581, its own spelling of a space); unlike
  // llama.cpp's detokenize, no "clean-up" of spaces before punctuation is
  // applied. Control and unknown tokens are skipped unless `render_special`.
  // Bytes that are not valid UTF-8 (an incomplete character at the end) are
  // kept as they are. Throws Error(invalid_argument) for an id outside the
  // vocabulary.
  std::string decode(std::span<const TokenId> ids, bool render_special = false) const;

  const Vocabulary& vocabulary() const noexcept;

 private:
  class Impl;
  friend class StreamingDecoder;  // decodes token by token through Impl
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Decodes a stream of tokens into text that never ends in half a character:
// bytes of an incomplete UTF-8 sequence are held back until the token that
// completes it arrives (or finish() is called).
class StreamingDecoder {
 public:
  explicit StreamingDecoder(const Tokenizer& tokenizer, bool render_special = false);

  // The complete characters this token finishes (possibly empty); always
  // valid UTF-8, bytes that can never form a character become U+FFFD. The
  // chunks of a stream add up to decode() of its ids when that is valid UTF-8.
  std::string push(TokenId id);
  // Whatever is still held back, with incomplete sequences replaced by U+FFFD.
  std::string finish();

 private:
  const Tokenizer& tokenizer_;
  bool render_special_;
  bool at_start_ = true;
  std::string pending_;
};

}  // namespace hearth::tokenizer
