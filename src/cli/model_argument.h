// The model argument of every command that loads one (-m/--model, or
// inspect's FILE): a path, or the name of a model `hearth pull` downloaded.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace hearth::cli {

// Adds the required option "-m,--model". Once the whole command line has
// parsed, `model` is replaced by the file it names (hub::resolve_model_reference);
// a name that names nothing, or several models, ends the command with its
// error (exit code 1). Uses the app's final_callback.
CLI::Option* add_model_option(CLI::App& app, std::string& model, const std::string& description);

// The same for a required positional argument called `name`.
CLI::Option* add_model_argument(CLI::App& app, const std::string& name, std::string& model,
                                const std::string& description);

}  // namespace hearth::cli
