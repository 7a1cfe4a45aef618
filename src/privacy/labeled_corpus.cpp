// Reading the labeled evaluation corpus (data/privacy/eval/README.md).
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hearth/privacy/evaluation.h"
#include "hearth/util/error.h"
#include "word_boundary.h"

namespace hearth::privacy {
namespace {

// Offsets where `value` occurs as a whole token: an edge that is a word
// character must not continue a word of the text.
std::vector<std::size_t> whole_token_occurrences(std::string_view text, std::string_view value) {
  std::vector<std::size_t> found;
  for (std::size_t at = text.find(value); at != std::string_view::npos;
       at = text.find(value, at + 1)) {
    if (is_whole_word(text, at, at + value.size())) found.push_back(at);
  }
  return found;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key,
                             nlohmann::json::value_t type, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) raise(ErrorKind::invalid_data, "{}: \"{}\" is missing", where, key);
  if (it->type() != type)
    raise(ErrorKind::invalid_data, "{}: \"{}\" has the wrong type", where, key);
  return *it;
}

void add_entity(LabeledSnippet& snippet, const nlohmann::json& label, const std::string& where) {
  if (!label.is_object()) raise(ErrorKind::invalid_data, "{}: an entity is not an object", where);
  const auto& type_name = member(label, "type", nlohmann::json::value_t::string, where);
  const auto type = parse_entity_type(type_name.get<std::string>());
  if (!type) {
    raise(ErrorKind::invalid_data, "{}: unknown entity type \"{}\"", where,
          type_name.get<std::string>());
  }
  const std::string value = member(label, "text", nlohmann::json::value_t::string, where);
  if (value.empty()) raise(ErrorKind::invalid_data, "{}: an entity's text is empty", where);
  const std::vector<std::size_t> occurrences = whole_token_occurrences(snippet.text, value);
  if (occurrences.empty()) {
    raise(ErrorKind::invalid_data, "{}: \"{}\" does not occur in the text", where, value);
  }
  if (const auto it = label.find("occurrence"); it != label.end()) {
    if (!it->is_number_unsigned() || it->get<std::size_t>() == 0 ||
        it->get<std::size_t>() > occurrences.size()) {
      raise(ErrorKind::invalid_data, "{}: \"{}\" has no occurrence {} (it occurs {} times)", where,
            value, it->dump(), occurrences.size());
    }
    const std::size_t at = occurrences[it->get<std::size_t>() - 1];
    snippet.entities.push_back({*type, at, at + value.size()});
    return;
  }
  for (const std::size_t at : occurrences)
    snippet.entities.push_back({*type, at, at + value.size()});
}

LabeledSnippet parse_snippet(const nlohmann::json& line, const std::string& where) {
  if (!line.is_object()) raise(ErrorKind::invalid_data, "{}: not a JSON object", where);
  LabeledSnippet snippet;
  snippet.id = member(line, "id", nlohmann::json::value_t::string, where);
  snippet.genre = member(line, "genre", nlohmann::json::value_t::string, where);
  snippet.text = member(line, "text", nlohmann::json::value_t::string, where);
  const std::string labeled_where = where + " (" + snippet.id + ")";
  for (const auto& label : member(line, "entities", nlohmann::json::value_t::array, where)) {
    add_entity(snippet, label, labeled_where);
  }
  std::sort(snippet.entities.begin(), snippet.entities.end(),
            [](const LabeledEntity& a, const LabeledEntity& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < snippet.entities.size(); ++i) {
    const LabeledEntity& previous = snippet.entities[i - 1];
    const LabeledEntity& current = snippet.entities[i];
    if (current.begin < previous.end) {
      raise(ErrorKind::invalid_data, "{}: labels \"{}\" and \"{}\" overlap", labeled_where,
            snippet.text.substr(previous.begin, previous.end - previous.begin),
            snippet.text.substr(current.begin, current.end - current.begin));
    }
  }
  return snippet;
}

}  // namespace

std::vector<LabeledSnippet> parse_labeled_snippets(std::string_view jsonl,
                                                   std::string_view source) {
  std::vector<LabeledSnippet> snippets;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < jsonl.size()) {
    std::size_t end = jsonl.find('\n', start);
    if (end == std::string_view::npos) end = jsonl.size();
    const std::string_view line = jsonl.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = fmt::format("{}:{}", source, line_number);
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_discarded()) raise(ErrorKind::invalid_data, "{}: not valid JSON", where);
    snippets.push_back(parse_snippet(parsed, where));
  }
  return snippets;
}

std::vector<LabeledSnippet> load_labeled_corpus(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) raise(ErrorKind::not_found, "no .jsonl files in {}", path.string());
  } else if (std::filesystem::exists(path)) {
    files.push_back(path);
  } else {
    raise(ErrorKind::not_found, "evaluation corpus {} does not exist", path.string());
  }

  std::vector<LabeledSnippet> corpus;
  std::set<std::string> ids;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) raise(ErrorKind::io, "cannot read {}", file.string());
    std::ostringstream contents;
    contents << in.rdbuf();
    for (LabeledSnippet& snippet :
         parse_labeled_snippets(contents.str(), file.filename().string())) {
      if (!ids.insert(snippet.id).second) {
        raise(ErrorKind::invalid_data, "{}: snippet id \"{}\" is used twice",
              file.filename().string(), snippet.id);
      }
      corpus.push_back(std::move(snippet));
    }
  }
  return corpus;
}

}  // namespace hearth::privacy
