#include <fmt/format.h>

#include <cctype>

#include "hearth/privacy/entity.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

bool is_region_code(std::string_view code) {
  return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
         std::isupper(static_cast<unsigned char>(code[1]));
}

// deny_list = [{ value = "Project Falcon", type = "ORGANIZATION" }, ...]
void read_deny_list(TableReader& privacy_reader, std::vector<privacy::DenyListEntry>& deny_list) {
  for (const toml::table* table : privacy_reader.tables("deny_list", "[[privacy.deny_list]]")) {
    TableReader reader(*table, "a deny_list entry");
    privacy::DenyListEntry entry;
    entry.value = reader.required_string("value");
    const std::string type = reader.required_string("type");
    const std::optional<privacy::EntityType> parsed = privacy::parse_entity_type(type);
    if (!parsed) {
      reader.fail_value("type", fmt::format("unknown entity type `{}` (PERSON, ORGANIZATION, "
                                            "LOCATION, EMAIL, ...)",
                                            type));
    }
    entry.type = *parsed;
    reader.finish();
    deny_list.push_back(std::move(entry));
  }
}

}  // namespace

void read_privacy(TableReader& root, privacy::ScannerOptions& scanner) {
  const toml::table* table = root.subtable("privacy");
  if (table == nullptr) return;
  TableReader reader(*table, "[privacy]");
  reader.read("default_region", scanner.default_region);
  if (!is_region_code(scanner.default_region)) {
    reader.fail_value("default_region",
                      "`default_region` must be a two-letter country code such as \"US\"");
  }
  reader.read("detect_names", scanner.detect_names);
  reader.read("min_confidence", scanner.min_confidence, 0.0f, 1.0f);
  reader.read("allow_list", scanner.allow_list);
  read_deny_list(reader, scanner.deny_list);
  reader.finish();
}

}  // namespace hearth::config::detail
