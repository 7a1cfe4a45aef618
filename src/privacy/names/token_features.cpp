#include "token_features.h"

#include <algorithm>
#include <array>
#include <bit>
#include <string>

#include "hash_mix.h"

namespace hearth::privacy::names {
namespace {

// Feature templates; the numbers are part of the model format (they are
// hashed into every feature), so new templates take new numbers.
enum Template : std::uint8_t {
  kBias = 1,
  kWord,
  kWordPrev,
  kWordNext,
  kWordPrev2,
  kWordNext2,
  kShape,
  kShapePrevShape,
  kShapeShapeNext,
  kSuffix3,
  kSuffix2,
  kPrefix3,
  kCasing,
  kClassHere,
  kClassPrev,
  kClassNext,
  kWordPrevCapital,
  kWordBigram,
  kKindLength,
  kClassPrev2,
  kClassNext2,
  kCueAhead,
};

// Words that end the name they follow ("Harlow & Finch Logistics", "Acme
// Holdings Ltd", "1450 Larkspur Avenue"): seen a few tokens ahead, they tell
// the first words of a name which type it is.
constexpr ClassMask kCueClasses = class_bit(GazetteerClass::org_word) |
                                  class_bit(GazetteerClass::org_suffix) |
                                  class_bit(GazetteerClass::street_type);
// How far ahead such a word still counts.
constexpr std::size_t kCueWindow = 4;

std::uint32_t feature(Template kind, std::uint64_t value) {
  const std::uint64_t hash = mix_hash(value ^ (static_cast<std::uint64_t>(kind) << 56) ^
                                      (static_cast<std::uint64_t>(kind) * 0x9e3779b97f4a7c15ULL));
  return static_cast<std::uint32_t>(hash >> 32) | 1u;
}

std::uint64_t combine(std::uint64_t a, std::uint64_t b) {
  return mix_hash(a * 0x100000001b3ULL ^ b);
}

// "McDonald" → "XxXx", "J.R." → "X.X.", "1450" → "d", "3B" → "dX": the
// character classes with repeats collapsed, at most 8 of them.
std::uint64_t shape_of(std::string_view token) {
  std::array<char, 8> shape{};
  std::size_t length = 0;
  char previous = 0;
  const std::size_t scan = std::min<std::size_t>(token.size(), 48);
  for (std::size_t i = 0; i < scan && length < shape.size(); ++i) {
    const auto byte = static_cast<unsigned char>(token[i]);
    char cls;
    if (byte >= 'A' && byte <= 'Z') {
      cls = 'X';
    } else if (byte >= 'a' && byte <= 'z') {
      cls = 'x';
    } else if (byte >= '0' && byte <= '9') {
      cls = 'd';
    } else if (byte >= 0x80) {
      if ((byte & 0xc0) == 0x80) continue;  // continuation bytes belong to the lead byte
      // Non-ASCII letters: the recognizer's own token flags say whether they
      // are upper case, so the shape only records "letter".
      cls = 'u';
    } else {
      cls = static_cast<char>(byte);
    }
    if (cls == previous) continue;
    shape[length++] = cls;
    previous = cls;
  }
  return hash_token_text(std::string_view(shape.data(), length));
}

// The byte offset where the last `count` code points of s start.
std::size_t last_code_points(std::string_view s, std::size_t count) {
  std::size_t pos = s.size();
  while (pos > 0 && count > 0) {
    --pos;
    if ((static_cast<unsigned char>(s[pos]) & 0xc0) != 0x80) --count;
  }
  return pos;
}

std::size_t first_code_points(std::string_view s, std::size_t count) {
  std::size_t pos = 0;
  while (pos < s.size() && count > 0) {
    ++pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xc0) == 0x80) ++pos;
    --count;
  }
  return pos;
}

bool opens_sentence(std::string_view punctuation) {
  static constexpr std::array<std::string_view, 14> kOpeners = {
      ".", "!", "?", ":", "\"", "\u201c", "(", "-", "*", "\u2022", ">", "|", "#", "["};
  return std::find(kOpeners.begin(), kOpeners.end(), punctuation) != kOpeners.end();
}

struct TokenFacts {
  std::uint64_t word = 0;  // hash of the lower-case text; 0 when hidden or too long
  std::uint64_t shape = 0;
  std::uint64_t suffix3 = 0;
  std::uint64_t suffix2 = 0;
  std::uint64_t prefix3 = 0;
  std::uint64_t gazetteer_key = 0;  // hash used for list lookups, even when hidden
  std::uint32_t casing = 0;
};

constexpr std::uint64_t kBoundary = 0x5eed0fb0a4d41e5ULL;  // the word "outside the segment"

}  // namespace

void FeatureExtractor::extract(std::string_view text, std::span<const WordToken> tokens,
                               std::span<const std::uint8_t> hidden, SegmentFeatures& out) const {
  const std::size_t n = tokens.size();
  out.hashes.clear();
  out.offsets.assign(1, 0);
  out.classes.assign(n, 0);

  bool any_lower = false;
  bool any_capitalized = false;
  for (const WordToken& token : tokens) {
    any_lower = any_lower || token.has_lower;
    any_capitalized = any_capitalized || token.starts_upper;
  }
  // 0: ordinary mixed case, 1: no lower case at all, 2: no capitals at all.
  const std::uint32_t segment_casing = !any_lower ? 1 : (!any_capitalized ? 2 : 0);

  std::vector<TokenFacts> facts(n);
  std::vector<std::uint64_t> list_keys(n);
  std::string lower;
  for (std::size_t i = 0; i < n; ++i) {
    const WordToken& token = tokens[i];
    const std::string_view raw = text.substr(token.begin, token.size());
    TokenFacts& f = facts[i];
    f.shape = shape_of(raw);
    if (raw.size() <= kMaxWordFeatureBytes) {
      lowercase_token(raw, lower);
      f.gazetteer_key = hash_token_text(lower);
      const std::string_view view(lower);
      f.suffix3 = hash_token_text(view.substr(last_code_points(view, 3)));
      f.suffix2 = hash_token_text(view.substr(last_code_points(view, 2)));
      f.prefix3 = hash_token_text(view.substr(0, first_code_points(view, 3)));
    } else {
      f.gazetteer_key = kBoundary ^ 0x1;  // matches no list entry
    }
    const bool hide_identity = !hidden.empty() && (hidden[i] & kHideIdentity) != 0;
    f.word = raw.size() <= kMaxWordFeatureBytes && !hide_identity ? f.gazetteer_key : 0;
    const bool sentence_start =
        i == 0 || (tokens[i - 1].kind == TokenKind::punctuation &&
                   opens_sentence(text.substr(tokens[i - 1].begin, tokens[i - 1].size())));
    f.casing = (token.starts_upper ? 1u : 0u) | (token.all_upper() ? 2u : 0u) |
               (sentence_start ? 4u : 0u) | (segment_casing << 3) |
               (static_cast<std::uint32_t>(token.kind) << 5);
    list_keys[i] = f.gazetteer_key;
  }
  gazetteer_.classify(list_keys, out.classes);
  if (!hidden.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      if (hidden[i] & kHideGazetteer) out.classes[i] = 0;
    }
  }

  auto word_at = [&](std::ptrdiff_t index) -> std::uint64_t {
    if (index < 0 || index >= static_cast<std::ptrdiff_t>(n)) return kBoundary;
    return facts[static_cast<std::size_t>(index)].word;
  };
  auto shape_at = [&](std::ptrdiff_t index) -> std::uint64_t {
    if (index < 0 || index >= static_cast<std::ptrdiff_t>(n)) return kBoundary;
    return facts[static_cast<std::size_t>(index)].shape;
  };
  auto add = [&](Template kind, std::uint64_t value) {
    out.hashes.push_back(feature(kind, value));
  };
  auto add_word = [&](Template kind, std::uint64_t word) {
    if (word != 0) add(kind, word);
  };
  // Only the set bits, lowest first: most tokens are in no list.
  auto add_classes = [&](Template kind, ClassMask classes, std::uint64_t qualifier) {
    for (unsigned bits = classes; bits != 0; bits &= bits - 1) {
      add(kind, combine(static_cast<std::uint64_t>(std::countr_zero(bits)) + 1, qualifier));
    }
  };

  for (std::size_t i = 0; i < n; ++i) {
    const auto at = static_cast<std::ptrdiff_t>(i);
    const TokenFacts& f = facts[i];
    const bool capital = tokens[i].starts_upper;
    add(kBias, 0);
    add_word(kWord, f.word);
    add_word(kWordPrev, word_at(at - 1));
    add_word(kWordNext, word_at(at + 1));
    add_word(kWordPrev2, word_at(at - 2));
    add_word(kWordNext2, word_at(at + 2));
    add(kShape, f.shape);
    add(kShapePrevShape, combine(shape_at(at - 1), f.shape));
    add(kShapeShapeNext, combine(f.shape, shape_at(at + 1)));
    if (f.suffix3 != 0) {
      add(kSuffix3, f.suffix3);
      add(kSuffix2, f.suffix2);
      add(kPrefix3, f.prefix3);
    }
    add(kCasing, f.casing);
    add_classes(kClassHere, out.classes[i], f.casing & 3u);
    if (i > 0) add_classes(kClassPrev, out.classes[i - 1], capital);
    if (i + 1 < n) add_classes(kClassNext, out.classes[i + 1], capital);
    if (i > 1) add_classes(kClassPrev2, out.classes[i - 2], capital);
    if (i + 2 < n) add_classes(kClassNext2, out.classes[i + 2], capital);
    ClassMask cues_ahead = 0;
    for (std::size_t k = i + 1; k < std::min(n, i + 1 + kCueWindow); ++k) {
      cues_ahead |= out.classes[k] & kCueClasses;
    }
    add_classes(kCueAhead, cues_ahead, capital);
    const std::uint64_t previous = word_at(at - 1);
    if (previous != 0) add(kWordPrevCapital, combine(previous, capital));
    if (previous != 0 && f.word != 0) add(kWordBigram, combine(previous, f.word));
    const std::size_t length = tokens[i].size();
    const std::uint64_t length_bucket =
        length <= 3 ? length : (length <= 5 ? 4 : (length <= 8 ? 5 : 6));
    add(kKindLength, combine(static_cast<std::uint64_t>(tokens[i].kind), length_bucket));
    out.offsets.push_back(static_cast<std::uint32_t>(out.hashes.size()));
  }
}

}  // namespace hearth::privacy::names
