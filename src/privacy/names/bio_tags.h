// The tag set of the sequence tagger (BIO over the four name types) and the
// Viterbi decoder shared by training and inference.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hearth/privacy/entity.h"

namespace hearth::privacy::names {

enum class Tag : std::uint8_t {
  outside,
  begin_person,
  inside_person,
  begin_organization,
  inside_organization,
  begin_location,
  inside_location,
  begin_address,
  inside_address,
};
inline constexpr std::size_t kTagCount = 9;
// Transition scores: rows are the previous tag, then one row for the start of a segment.
inline constexpr std::size_t kTransitionRows = kTagCount + 1;
inline constexpr std::size_t kStartRow = kTagCount;

inline constexpr std::array<EntityType, 4> kTaggedTypes = {
    EntityType::person, EntityType::organization, EntityType::location, EntityType::street_address};

Tag begin_tag(EntityType type);
Tag inside_tag(EntityType type);
// The type a non-outside tag marks.
std::optional<EntityType> tag_type(Tag tag);
bool is_begin(Tag tag);
// False for "inside X" after anything but "begin X" or "inside X".
bool allowed_transition(std::optional<Tag> previous, Tag next);

// Picks the best allowed tag sequence for emission scores (token-major,
// kTagCount per token) and transition scores (kTransitionRows x kTagCount).
void viterbi_decode(std::span<const float> emissions, std::span<const float> transitions,
                    std::vector<Tag>& tags);

// A run of tokens with one type: [first, last) in token indices.
struct TagSpan {
  EntityType type = EntityType::person;
  std::size_t first = 0;
  std::size_t last = 0;
};
std::vector<TagSpan> spans_from_tags(std::span<const Tag> tags);

}  // namespace hearth::privacy::names
