// The `hearth` binary: parses the command line, runs one subcommand, and turns
// every failure into a message on stderr and a documented exit code.
#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <vector>

#include "hearth/util/error.h"
#include "hearth/version.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

int run(int argc, char** argv) {
  CLI::App app{"hearth: a local-first AI runtime", "hearth"};
  app.set_version_flag("--version", fmt::format("hearth {}", kVersion));
  app.require_subcommand(1);
  app.fallthrough(false);

  const std::vector<Subcommand> subcommands = {
      add_inspect_command(app),  add_make_model_command(app), add_tokenize_command(app),
      add_template_command(app), add_run_command(app),        add_chat_command(app),
      add_bench_command(app),    add_redact_command(app),     add_pull_command(app),
      add_models_command(app),   add_serve_command(app),      add_audit_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }

  for (const Subcommand& subcommand : subcommands) {
    if (subcommand.app->parsed()) return subcommand.run();
  }
  return kExitUsage;
}

}  // namespace
}  // namespace hearth::cli

int main(int argc, char** argv) {
  try {
    return hearth::cli::run(argc, argv);
  } catch (const hearth::Error& error) {
    // The command line was already accepted: whatever fails now (a corrupt
    // file, a bad conversation on stdin, a template refusing it) is a runtime
    // failure, not a usage error.
    std::fprintf(stderr, "hearth: %s\n", error.what());
    return hearth::cli::kExitFailure;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hearth: %s\n", error.what());
    return hearth::cli::kExitFailure;
  }
}
