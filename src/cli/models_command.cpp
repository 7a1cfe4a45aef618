// `hearth models list|rm|verify|path`: the models `hearth pull` downloaded.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byte_size.h"
#include "hearth/hub/model_store.h"
#include "hearth/hub/models_directory.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

namespace fs = std::filesystem;

struct ModelsOptions {
  bool json = false;
  std::vector<std::string> names;
};

nlohmann::ordered_json model_json(const hub::StoredModel& model) {
  nlohmann::ordered_json json = {
      {"name", model.name},          {"repo", model.repo}, {"file", model.file},
      {"path", model.path.string()}, {"size", model.size},
  };
  if (model.record) {
    json["revision"] = model.record->revision;
    json["sha256"] = model.record->sha256;
    json["downloaded_at"] = model.record->downloaded_at;
  }
  return json;
}

int run_list(const ModelsOptions& options) {
  const fs::path root = hub::models_directory();
  const std::vector<hub::StoredModel> models = hub::list_stored_models(root);
  if (options.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const hub::StoredModel& model : models) list.push_back(model_json(model));
    fmt::print("{}\n", nlohmann::ordered_json{{"models_directory", root.string()},
                                              {"models", std::move(list)}}
                           .dump(2));
    return kExitOk;
  }
  if (models.empty()) {
    std::fprintf(stderr, "no models in %s; `hearth pull OWNER/REPO` downloads one\n", root.c_str());
    return kExitOk;
  }
  std::size_t name_width = 4;
  for (const hub::StoredModel& model : models) name_width = std::max(name_width, model.name.size());
  fmt::print("{:<{}}  {:>10}  {}\n", "NAME", name_width, "SIZE", "PATH");
  for (const hub::StoredModel& model : models) {
    fmt::print("{:<{}}  {:>10}  {}\n", model.name, name_width, format_bytes(model.size),
               model.path.string());
  }
  return kExitOk;
}

int run_remove(const ModelsOptions& options) {
  const fs::path root = hub::models_directory();
  // All names are looked up before anything is deleted, so a typo in the
  // last one leaves the others in place too.
  std::vector<hub::StoredModel> models;
  for (const std::string& name : options.names) {
    models.push_back(hub::find_stored_model(root, name));
  }
  for (const hub::StoredModel& model : models) {
    hub::remove_stored_model(root, model);
    fmt::print("removed {}\n", model.name);
  }
  return kExitOk;
}

int run_verify(const ModelsOptions& options) {
  const fs::path root = hub::models_directory();
  std::vector<hub::StoredModel> models;
  if (options.names.empty()) {
    models = hub::list_stored_models(root);
    if (models.empty()) {
      std::fprintf(stderr, "no models in %s\n", root.c_str());
      return kExitOk;
    }
  }
  for (const std::string& name : options.names) {
    models.push_back(hub::find_stored_model(root, name));
  }
  int failures = 0;
  for (const hub::StoredModel& model : models) {
    const hub::VerifyResult result = hub::verify_stored_model(model);
    switch (result.status) {
      case hub::VerifyStatus::ok:
        fmt::print("ok        {}\n", model.name);
        break;
      case hub::VerifyStatus::mismatch:
        ++failures;
        fmt::print("MISMATCH  {}: recorded sha256 {}, the file hashes to {} ({})\n", model.name,
                   result.expected_sha256, result.actual_sha256, model.path.string());
        break;
      case hub::VerifyStatus::no_record:
        ++failures;
        fmt::print(
            "UNKNOWN   {}: no record of its hash to check against ({} is missing or "
            "broken; `hearth pull {}` downloads it again)\n",
            model.name, hub::record_path(model.path).string(), model.name);
        break;
    }
  }
  std::fflush(stdout);
  if (failures > 0) {
    std::fprintf(stderr, "hearth: %d of %zu models failed verification\n", failures, models.size());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Subcommand add_models_command(CLI::App& parent) {
  auto options = std::make_shared<ModelsOptions>();
  CLI::App* app =
      parent.add_subcommand("models", "List, remove or verify the models `hearth pull` downloaded");
  app->require_subcommand(1);

  CLI::App* list = app->add_subcommand("list", "List the models: name, size, path");
  list->add_flag("--json", options->json, "Print one JSON object instead of a table");
  CLI::App* remove = app->add_subcommand("rm", "Delete models (file, record, partial download)");
  remove->add_option("name", options->names, "owner/repo:file, owner/repo or a file name")
      ->required();
  CLI::App* verify = app->add_subcommand(
      "verify", "Hash models again and compare with the SHA-256 recorded when they were pulled");
  verify->add_option("name", options->names, "Models to check (default: all)");
  CLI::App* path = app->add_subcommand("path", "Print the models folder");

  return {app, [=] {
            if (list->parsed()) return run_list(*options);
            if (remove->parsed()) return run_remove(*options);
            if (verify->parsed()) return run_verify(*options);
            if (path->parsed()) {
              fmt::print("{}\n", hub::models_directory().string());
              return static_cast<int>(kExitOk);
            }
            return static_cast<int>(kExitUsage);
          }};
}

}  // namespace hearth::cli
