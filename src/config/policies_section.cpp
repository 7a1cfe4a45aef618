#include <fmt/format.h>

#include <string>
#include <vector>

#include "hearth/privacy/policy.h"
#include "hearth/route/router.h"
#include "names.h"
#include "sections.h"
#include "suggestion.h"

namespace hearth::config::detail {
namespace {

constexpr privacy::Operator kOperators[] = {privacy::Operator::placeholder, privacy::Operator::mask,
                                            privacy::Operator::hash, privacy::Operator::drop,
                                            privacy::Operator::allow};

privacy::Operator read_operator(const toml::node& node, std::string_view key) {
  if (const toml::value<std::string>* name = node.as_string()) {
    for (const privacy::Operator op : kOperators) {
      if (name->get() == privacy::operator_name(op)) return op;
    }
  }
  fail_at(node.source(),
          fmt::format("`{}` must be one of \"placeholder\", \"mask\", \"hash\", \"drop\", "
                      "\"allow\"",
                      key));
}

std::vector<std::string> entity_type_names() {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < privacy::kEntityTypeCount; ++i) {
    names.emplace_back(privacy::entity_type_name(static_cast<privacy::EntityType>(i)));
  }
  return names;
}

// [policies.pseudonymize]: `default`, then an operator per entity type, and
// the hash key when any operator is hash.
privacy::Policy read_pseudonymize(const toml::table& table, const Context& context) {
  static constexpr std::string_view kDefault = "default";
  static constexpr std::string_view kHashKeyEnv = "hash_key_env";
  privacy::Policy egress;
  bool uses_hash = false;
  if (const toml::node* fallback = table.get(kDefault)) {
    const privacy::Operator op = read_operator(*fallback, kDefault);
    egress.set_all(op);
    uses_hash = op == privacy::Operator::hash;
  }
  for (const auto& [key, node] : table) {
    if (key.str() == kDefault || key.str() == kHashKeyEnv) continue;
    const std::optional<privacy::EntityType> type = privacy::parse_entity_type(key.str());
    if (!type) {
      std::vector<std::string> known = entity_type_names();
      known.emplace_back(kDefault);
      known.emplace_back(kHashKeyEnv);
      fail_at(key.source(), fmt::format("unknown entity type `{}` in [policies.pseudonymize]{}",
                                        key.str(), did_you_mean(key.str(), known)));
    }
    const privacy::Operator op = read_operator(node, key.str());
    egress.set(*type, op);
    uses_hash = uses_hash || op == privacy::Operator::hash;
  }
  TableReader reader(table, "[policies.pseudonymize]");
  if (std::optional<std::string> key = reader.read_environment(kHashKeyEnv, context.env)) {
    egress.set_hash_key(std::move(*key));
  } else if (uses_hash) {
    reader.fail_missing(kHashKeyEnv);
  }
  return egress;
}

void read_keep_local(TableReader& reader, std::vector<std::string>& keep_local) {
  reader.read("keep_local", keep_local);
  if (keep_local.empty()) return;
  for (const toml::node& element : *reader.find("keep_local")->as_array()) {
    const std::string& name = element.as_string()->get();
    if (!route::is_known_class(name)) {
      fail_at(element.source(),
              fmt::format("unknown class `{}`: keep_local takes data classes (credential, "
                          "financial, ...), topics (health, finance) or entity types (EMAIL, ...)",
                          name));
    }
  }
}

}  // namespace

void read_policies(TableReader& root, const Context& context,
                   const std::vector<std::string>& provider_names,
                   std::vector<route::Policy>& policies) {
  UniqueNames names("policy name");
  for (const toml::table* table : root.tables("policies", "[[policies]]")) {
    TableReader reader(*table, "[[policies]]");
    route::Policy policy;
    policy.name = reader.required_string("name");
    names.add(policy.name, *reader.find("name"));
    reader.read("allow_remote", policy.allow_remote);
    read_keep_local(reader, policy.keep_local);
    reader.read("providers", policy.providers);
    check_references(reader.find("providers"), provider_names, "provider");
    if (const toml::table* pseudonymize = reader.subtable("pseudonymize")) {
      policy.egress = read_pseudonymize(*pseudonymize, context);
    }
    reader.finish();
    policies.push_back(std::move(policy));
  }
}

}  // namespace hearth::config::detail
