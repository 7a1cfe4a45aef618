#include "model_argument.h"

#include "hearth/hub/model_reference.h"

namespace hearth::cli {
namespace {

CLI::Option* add_resolved(CLI::App& app, const std::string& name, std::string& model,
                          const std::string& description) {
  CLI::Option* option =
      app.add_option(name, model, description + " (a path, or a name from `hearth models list`)")
          ->required();
  // After parsing, not in a validator: a usage error elsewhere on the line
  // is reported as one (exit code 2) before the models folder is searched.
  app.final_callback([&model] { model = hub::resolve_model_reference(model).string(); });
  return option;
}

}  // namespace

CLI::Option* add_model_option(CLI::App& app, std::string& model, const std::string& description) {
  return add_resolved(app, "-m,--model", model, description);
}

CLI::Option* add_model_argument(CLI::App& app, const std::string& name, std::string& model,
                                const std::string& description) {
  return add_resolved(app, name, model, description);
}

}  // namespace hearth::cli
