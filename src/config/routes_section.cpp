#include <fmt/format.h>

#include <algorithm>

#include "names.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

void read_cascade(TableReader& route_reader, route::ConfidenceThresholds& cascade) {
  const toml::table* table = route_reader.subtable("cascade");
  if (table == nullptr) return;
  TableReader reader(*table, "[routes.cascade]");
  reader.read("enabled", cascade.enabled);
  reader.read("min_mean_logprob", cascade.min_mean_logprob, -1e6, 0.0);
  reader.read("max_mean_entropy", cascade.max_mean_entropy, 0.0, 1e6);
  reader.read("escalate_invalid_structured", cascade.escalate_invalid_structured);
  reader.finish();
}

}  // namespace

void read_routes(TableReader& root, const std::vector<std::string>& model_ids,
                 const std::vector<std::string>& provider_names,
                 std::vector<route::RouteConfig>& routes) {
  UniqueNames names("route name");
  for (const toml::table* table : root.tables("routes", "[[routes]]")) {
    TableReader reader(*table, "[[routes]]");
    route::RouteConfig route;
    route.name = reader.required_string("name");
    const toml::node& name_node = *reader.find("name");
    names.add(route.name, name_node);
    if (route.name.starts_with("remote:")) {
      fail_at(name_node.source(), "a route name cannot start with `remote:`");
    }
    if (std::find(model_ids.begin(), model_ids.end(), route.name) != model_ids.end()) {
      fail_at(name_node.source(),
              fmt::format("route `{}` has the name of a model: names must say which one clients "
                          "mean",
                          route.name));
    }
    route.local_model = model_ids.front();
    reader.read("local", route.local_model);
    check_references(reader.find("local"), model_ids, "model");
    reader.read("providers", route.providers);
    check_references(reader.find("providers"), provider_names, "provider");
    reader.read("remote_tasks", route.remote_tasks);
    reader.read<std::uint32_t>("max_local_prompt_tokens", route.max_local_prompt_tokens, 0,
                               1u << 24);
    read_cascade(reader, route.cascade);
    reader.finish();
    routes.push_back(std::move(route));
  }
}

}  // namespace hearth::config::detail
