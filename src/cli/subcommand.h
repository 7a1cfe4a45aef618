// How the `hearth` command is put together: each subcommand registers its
// options on the CLI11 app and hands back what to run once parsing succeeded.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace hearth::cli {

// Exit codes scripts can rely on.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // the command ran and failed (bad file, I/O error, ...)
  kExitUsage = 2,    // the command line itself is wrong
  // Ctrl-C cut the work short (what was done so far is printed); shells
  // report a process that SIGINT ended as 128 + 2.
  kExitInterrupted = 130,
};

struct Subcommand {
  CLI::App* app;
  std::function<int()> run;
};

Subcommand add_inspect_command(CLI::App& parent);
Subcommand add_make_model_command(CLI::App& parent);
Subcommand add_tokenize_command(CLI::App& parent);
Subcommand add_template_command(CLI::App& parent);
Subcommand add_run_command(CLI::App& parent);
Subcommand add_chat_command(CLI::App& parent);
Subcommand add_bench_command(CLI::App& parent);
Subcommand add_redact_command(CLI::App& parent);
Subcommand add_pull_command(CLI::App& parent);
Subcommand add_models_command(CLI::App& parent);
Subcommand add_serve_command(CLI::App& parent);
Subcommand add_audit_command(CLI::App& parent);

}  // namespace hearth::cli
