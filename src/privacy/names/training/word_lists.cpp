#include "word_lists.h"

#include <fstream>
#include <map>

#include "hearth/util/error.h"

namespace hearth::privacy::names::training {
namespace {

std::vector<std::string> read_list(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) raise(ErrorKind::not_found, "cannot open word list {}", path.string());
  std::vector<std::string> entries;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    // Comments start with "# "; a lone "#" is an entry (the unit sign in "#12").
    if (line.empty() || line.starts_with("# ")) continue;
    entries.push_back(line);
  }
  if (entries.empty()) raise(ErrorKind::invalid_data, "word list {} is empty", path.string());
  return entries;
}

bool held_out(const std::string& entry) {
  return hash_token_text(entry) % 5 == 0;
}

std::vector<std::string> keep(const std::vector<std::string>& entries, Split split) {
  std::vector<std::string> kept;
  for (const std::string& entry : entries) {
    if (held_out(entry) == (split == Split::held_out)) kept.push_back(entry);
  }
  return kept;
}

}  // namespace

WordLists load_word_lists(const std::filesystem::path& dir) {
  WordLists lists;
  lists.given_names = read_list(dir / "first_names.txt");
  lists.family_names = read_list(dir / "surnames.txt");
  lists.cities = read_list(dir / "cities.txt");
  lists.countries = read_list(dir / "countries.txt");
  lists.regions = read_list(dir / "regions.txt");
  lists.org_suffixes = read_list(dir / "org_suffixes.txt");
  lists.org_words = read_list(dir / "org_words.txt");
  lists.org_name_words = read_list(dir / "org_name_words.txt");
  lists.organizations = read_list(dir / "organizations.txt");
  lists.street_types = read_list(dir / "street_types.txt");
  lists.street_name_words = read_list(dir / "street_name_words.txt");
  lists.titles = read_list(dir / "titles.txt");
  lists.unit_words = read_list(dir / "unit_words.txt");
  lists.common_words = read_list(dir / "common_words.txt");
  lists.products = read_list(dir / "products.txt");
  lists.templates = read_list(dir / "templates.txt");
  return lists;
}

WordLists select_split(const WordLists& lists, Split split) {
  WordLists part = lists;
  part.given_names = keep(lists.given_names, split);
  part.family_names = keep(lists.family_names, split);
  part.cities = keep(lists.cities, split);
  part.countries = keep(lists.countries, split);
  part.regions = keep(lists.regions, split);
  part.org_name_words = keep(lists.org_name_words, split);
  part.organizations = keep(lists.organizations, split);
  part.street_name_words = keep(lists.street_name_words, split);
  part.templates = keep(lists.templates, split);
  return part;
}

std::vector<GazetteerEntry> gazetteer_entries(const WordLists& lists) {
  // A map merges the classes of phrases on several lists ("Jordan", "Georgia")
  // and fixes the order, so the model file is the same on every run.
  std::map<std::string, ClassMask> merged;
  auto add = [&](const std::vector<std::string>& entries, GazetteerClass cls) {
    for (const std::string& entry : entries) {
      if (entry.size() <= 255) merged[entry] |= class_bit(cls);
    }
  };
  add(lists.given_names, GazetteerClass::given_name);
  add(lists.family_names, GazetteerClass::family_name);
  add(lists.cities, GazetteerClass::city);
  add(lists.countries, GazetteerClass::country);
  add(lists.regions, GazetteerClass::region);
  add(lists.org_suffixes, GazetteerClass::org_suffix);
  add(lists.org_words, GazetteerClass::org_word);
  add(lists.street_types, GazetteerClass::street_type);
  add(lists.street_name_words, GazetteerClass::street_word);
  add(lists.titles, GazetteerClass::title);
  add(lists.unit_words, GazetteerClass::unit_word);
  add(lists.common_words, GazetteerClass::common_word);
  add(lists.organizations, GazetteerClass::org_name);
  std::vector<GazetteerEntry> entries;
  entries.reserve(merged.size());
  for (const auto& [phrase, classes] : merged) entries.push_back({phrase, classes});
  return entries;
}

}  // namespace hearth::privacy::names::training
