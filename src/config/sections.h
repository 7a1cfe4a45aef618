// One function per part of hearth.toml. Each reads its table(s) from the
// top-level reader into the configuration, checking the references it makes
// against the parts read before it (hearth_config.cpp calls them in order:
// server, models, providers, policies, keys, routes, privacy, storage).
#pragma once

#include <vector>

#include "config_context.h"
#include "hearth/server/api_server.h"
#include "table_reader.h"

namespace hearth::config::detail {

// [server]: address, limits and timeouts.
void read_server(TableReader& root, server::ServerConfig& config);

// [[models]]: at least one; paths resolved against base_dir or as pulled
// models' names.
void read_models(TableReader& root, const Context& context,
                 std::vector<server::ModelConfig>& models);

// [[providers]]: remote APIs and their keys from the environment.
void read_providers(TableReader& root, const Context& context,
                    std::vector<remote::ProviderConfig>& providers);

// [[policies]]: what each key may send out, and how findings are replaced.
void read_policies(TableReader& root, const Context& context,
                   const std::vector<std::string>& provider_names,
                   std::vector<route::Policy>& policies);

// [[keys]]: bearer keys, their policies and budgets.
void read_keys(TableReader& root, const Context& context,
               const std::vector<std::string>& policy_names, std::vector<server::ApiKey>& keys);

// [[routes]]: model names clients ask for, each a local model and a remote
// chain.
void read_routes(TableReader& root, const std::vector<std::string>& model_ids,
                 const std::vector<std::string>& provider_names,
                 std::vector<route::RouteConfig>& routes);

// [privacy]: the scanner's options.
void read_privacy(TableReader& root, privacy::ScannerOptions& scanner);

// [cache] and [audit]: the files, and whether each is on.
void read_storage(TableReader& root, const Context& context, server::GatewayConfig& gateway);

}  // namespace hearth::config::detail
