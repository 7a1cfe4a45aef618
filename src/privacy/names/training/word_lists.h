// The text files under data/privacy/names that training draws from: the
// gazetteers and the sentence templates.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "../gazetteer.h"

namespace hearth::privacy::names::training {

struct WordLists {
  std::vector<std::string> given_names;
  std::vector<std::string> family_names;
  std::vector<std::string> cities;
  std::vector<std::string> countries;
  std::vector<std::string> regions;
  std::vector<std::string> org_suffixes;
  std::vector<std::string> org_words;
  std::vector<std::string> org_name_words;
  std::vector<std::string> organizations;
  std::vector<std::string> street_types;
  std::vector<std::string> street_name_words;
  std::vector<std::string> titles;
  std::vector<std::string> unit_words;
  std::vector<std::string> common_words;
  std::vector<std::string> products;
  std::vector<std::string> templates;
};

// Reads every list from dir; throws Error(not_found / invalid_data) when a
// file is missing or empty.
WordLists load_word_lists(const std::filesystem::path& dir);

// Which part of the open-ended lists (names, places, organization and street
// words, templates) to keep: a fixed fifth of each, chosen by a hash of the
// entry, is held out from training so that evaluation sees unseen names in
// unseen sentences. Closed lists (titles, suffixes, street types) are kept whole.
enum class Split { training, held_out };
WordLists select_split(const WordLists& lists, Split split);

// The gazetteer the tagger consults, from the lists.
std::vector<GazetteerEntry> gazetteer_entries(const WordLists& lists);

}  // namespace hearth::privacy::names::training
