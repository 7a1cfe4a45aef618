#include "hearth/tokenizer/tokenizer.h"
#include "hearth/util/utf8.h"
#include "tokenizer_impl.h"

namespace hearth::tokenizer {

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool render_special)
    : tokenizer_(tokenizer), render_special_(render_special) {}

std::string StreamingDecoder::push(TokenId id) {
  tokenizer_.impl_->append_decoded(id, render_special_, at_start_, pending_);
  const std::size_t held = hearth::incomplete_utf8_suffix(pending_);
  std::string ready = pending_.substr(0, pending_.size() - held);
  pending_.erase(0, pending_.size() - held);
  if (!hearth::is_valid_utf8(ready)) return hearth::sanitize_utf8(ready);
  return ready;
}

std::string StreamingDecoder::finish() {
  std::string rest = hearth::sanitize_utf8(pending_);
  pending_.clear();
  return rest;
}

}  // namespace hearth::tokenizer
