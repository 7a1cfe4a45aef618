// The rules that work alongside the tagger, where a pattern is more reliable
// than learned weights:
//   - street addresses: a house number, street name words and a street type,
//     then an optional unit or floor ("1450 Larkspur Avenue, Apt 3B", "3rd
//     Floor", "2º dcha"), plus the continental forms "Hauptstraße 5", "Via
//     Roma 12", "12 rue de la Paix", "Am Markt 3", "Kongens gate 7", and
//     "Unit 6/21 ...", "Blk 57 ... Road 4", "17, 2nd Main Road";
//   - organizations: a legal suffix after a tagged name joins the span
//     ("Acme Robotics" + ", Inc."), and capitalized words directly before a
//     legal suffix are an organization even when the tagger missed them;
//   - organizations named by the list of well-known ones ("Barclays") are
//     organizations, and outrank tagged spans that cut into them; so are
//     institutions named "X of Y" ("Royal Society of ..."); partners listed
//     before a firm join it; spaced dashes and conjunctions before an
//     organization word separate two names; the word for a part of one
//     ("Legal Department") is no organization;
//   - people: capitalized words after a title (Dr., Ms., Prof.) are a person,
//     and person spans that touch are one person;
//   - span conventions: no title, leading "the", possessive 's or trailing
//     punctuation inside a span; a town and the state after it ("Carlton
//     VIC") are two places;
//   - vetoes on the tagger's spans that prose never taught it (code
//     identifiers, keys, ids, lone letters, spans of common words, addresses
//     without a street type), and types settled by the lists (a word known
//     only as a place is a LOCATION).
// Addresses found by the rule replace whatever the tagger said about their
// tokens; the other rules only fill tokens the tagger left outside any span.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "gazetteer.h"
#include "hearth/privacy/entity.h"
#include "word_tokenizer.h"

namespace hearth::privacy::names {

struct NameSpan {
  EntityType type = EntityType::person;
  std::size_t first = 0;  // token indices into the segment, half-open
  std::size_t last = 0;
  float confidence = 0;
};

// One segment of text as the rules see it: its tokens and their gazetteer classes.
struct SegmentView {
  std::string_view text;
  std::span<const WordToken> tokens;
  std::span<const ClassMask> classes;
};

inline constexpr float kAddressRuleConfidence = 0.9f;
inline constexpr float kSuffixRuleConfidence = 0.85f;
inline constexpr float kTitleRuleConfidence = 0.85f;
inline constexpr float kKnownOrganizationConfidence = 0.8f;

// Street addresses in the segment, left to right, never overlapping.
std::vector<NameSpan> find_street_addresses(const SegmentView& segment);

// Merges the tagger's spans with the rules' and applies the span
// conventions. Returns spans sorted by position, never overlapping.
std::vector<NameSpan> combine_with_rules(const SegmentView& segment, std::vector<NameSpan> tagged);

}  // namespace hearth::privacy::names
