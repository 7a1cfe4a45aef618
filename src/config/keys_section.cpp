#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include "names.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

constexpr std::string_view kSecretKeys[] = {"key", "key_env", "key_file"};

// The first line of a file holding a key (what follows is ignored, so a
// trailing newline is harmless).
std::string read_key_file(TableReader& reader, const Context& context) {
  std::string name;
  reader.read("key_file", name);
  const std::filesystem::path path = resolve_path(context, name);
  std::ifstream file(path, std::ios::binary);
  std::string secret;
  if (!file || !std::getline(file, secret)) {
    reader.fail_value("key_file", fmt::format("cannot read the key file {}", path.string()));
  }
  if (secret.ends_with('\r')) secret.pop_back();
  if (secret.empty()) {
    reader.fail_value("key_file", fmt::format("the key file {} is empty", path.string()));
  }
  return secret;
}

// Exactly one of key, key_env and key_file.
std::string read_secret(TableReader& reader, const Context& context) {
  std::string_view given;
  for (const std::string_view key : kSecretKeys) {
    if (reader.find(key) == nullptr) continue;
    if (!given.empty()) {
      reader.fail_value(key, fmt::format("give only one of `key`, `key_env` and `key_file` "
                                         "(`{}` is given too)",
                                         given));
    }
    given = key;
  }
  if (given.empty()) {
    fail_at(reader.table().source(),
            "[[keys]] needs one of `key`, `key_env` and `key_file` for the key's secret");
  }
  if (given == "key") return reader.required_string("key");
  if (given == "key_env") return *reader.read_environment("key_env", context.env);
  return read_key_file(reader, context);
}

}  // namespace

void read_keys(TableReader& root, const Context& context,
               const std::vector<std::string>& policy_names, std::vector<server::ApiKey>& keys) {
  UniqueNames ids("key id");
  std::vector<std::string> known_policies = policy_names;
  known_policies.emplace_back("default");
  for (const toml::table* table : root.tables("keys", "[[keys]]")) {
    TableReader reader(*table, "[[keys]]");
    server::ApiKey key;
    key.id = reader.required_string("id");
    ids.add(key.id, *reader.find("id"));
    key.secret = read_secret(reader, context);
    for (const server::ApiKey& other : keys) {
      if (other.secret == key.secret) {
        const std::string_view* given =
            std::find_if(std::begin(kSecretKeys), std::end(kSecretKeys),
                         [&](std::string_view name) { return table->contains(name); });
        fail_at(table->get(*given)->source(),
                fmt::format("key `{}` has the same secret as key `{}`", key.id, other.id));
      }
    }
    reader.read("policy", key.policy);
    check_references(reader.find("policy"), known_policies, "policy");
    constexpr double kLargestBudget = 1e9;  // USD
    reader.read("daily_budget_usd", key.daily_budget_usd, 0.0, kLargestBudget);
    reader.read("monthly_budget_usd", key.monthly_budget_usd, 0.0, kLargestBudget);
    reader.finish();
    keys.push_back(std::move(key));
  }
}

}  // namespace hearth::config::detail
