#include "bio_tags.h"

#include <limits>

namespace hearth::privacy::names {

Tag begin_tag(EntityType type) {
  switch (type) {
    case EntityType::person:
      return Tag::begin_person;
    case EntityType::organization:
      return Tag::begin_organization;
    case EntityType::location:
      return Tag::begin_location;
    default:
      return Tag::begin_address;
  }
}

Tag inside_tag(EntityType type) {
  return static_cast<Tag>(static_cast<std::uint8_t>(begin_tag(type)) + 1);
}

std::optional<EntityType> tag_type(Tag tag) {
  if (tag == Tag::outside) return std::nullopt;
  return kTaggedTypes[(static_cast<std::size_t>(tag) - 1) / 2];
}

bool is_begin(Tag tag) {
  return tag != Tag::outside && static_cast<std::uint8_t>(tag) % 2 == 1;
}

bool allowed_transition(std::optional<Tag> previous, Tag next) {
  if (next == Tag::outside || is_begin(next)) return true;
  return previous && *previous != Tag::outside && tag_type(*previous) == tag_type(next);
}

void viterbi_decode(std::span<const float> emissions, std::span<const float> transitions,
                    std::vector<Tag>& tags) {
  const std::size_t n = emissions.size() / kTagCount;
  tags.assign(n, Tag::outside);
  if (n == 0) return;
  constexpr float kForbidden = -std::numeric_limits<float>::infinity();
  std::vector<std::uint8_t> back(n * kTagCount, 0);
  // Forbidden transitions as -infinity, so the inner loop has no branch but
  // the comparison: a forbidden candidate is -infinity and never the best.
  std::array<float, kTagCount * kTagCount> allowed{};
  for (std::size_t p = 0; p < kTagCount; ++p) {
    for (std::size_t t = 0; t < kTagCount; ++t) {
      allowed[p * kTagCount + t] = allowed_transition(static_cast<Tag>(p), static_cast<Tag>(t))
                                       ? transitions[p * kTagCount + t]
                                       : kForbidden;
    }
  }
  std::array<float, kTagCount> score{};
  std::array<float, kTagCount> next{};
  for (std::size_t t = 0; t < kTagCount; ++t) {
    score[t] = allowed_transition(std::nullopt, static_cast<Tag>(t))
                   ? transitions[kStartRow * kTagCount + t] + emissions[t]
                   : kForbidden;
  }
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t t = 0; t < kTagCount; ++t) {
      float best = kForbidden;
      std::uint8_t best_previous = 0;
      for (std::size_t p = 0; p < kTagCount; ++p) {
        const float candidate = score[p] + allowed[p * kTagCount + t];
        const bool better = candidate > best;
        best = better ? candidate : best;
        best_previous = better ? static_cast<std::uint8_t>(p) : best_previous;
      }
      next[t] = best == kForbidden ? kForbidden : best + emissions[i * kTagCount + t];
      back[i * kTagCount + t] = best_previous;
    }
    score = next;
  }
  std::size_t best_last = 0;
  for (std::size_t t = 1; t < kTagCount; ++t) {
    if (score[t] > score[best_last]) best_last = t;
  }
  for (std::size_t i = n; i-- > 0;) {
    tags[i] = static_cast<Tag>(best_last);
    best_last = back[i * kTagCount + best_last];
  }
}

std::vector<TagSpan> spans_from_tags(std::span<const Tag> tags) {
  std::vector<TagSpan> spans;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::optional<EntityType> type = tag_type(tags[i]);
    if (!type) continue;
    if (is_begin(tags[i]) || spans.empty() || spans.back().last != i ||
        spans.back().type != *type) {
      spans.push_back({*type, i, i + 1});
    } else {
      spans.back().last = i + 1;
    }
  }
  return spans;
}

}  // namespace hearth::privacy::names
