// `hearth pull OWNER/REPO[:FILE]`: a GGUF model from Hugging Face into the
// models folder, with a progress bar, resumable, its hash checked.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "hearth/hub/hub_client.h"
#include "hearth/hub/models_directory.h"
#include "hearth/hub/pull.h"
#include "hearth/util/error.h"
#include "interrupt.h"
#include "progress_bar.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct PullCommandOptions {
  std::string reference;
  std::string revision = "main";
  bool no_verify = false;
  bool quiet = false;
};

int run_pull(const PullCommandOptions& options) {
  const hub::PullReference reference = hub::parse_pull_reference(options.reference);
  ProgressBar bar(::isatty(STDERR_FILENO) != 0);
  hub::PullOptions pull;
  pull.revision = options.revision;
  pull.require_hub_hash = !options.no_verify;
  if (!options.quiet) {
    pull.events.progress = [&bar](const hub::DownloadProgress& progress) {
      bar.update(progress.bytes_done, progress.bytes_total);
    };
    pull.events.notice = [&bar](std::string_view text) {
      bar.break_line();
      std::fprintf(stderr, "%.*s\n", static_cast<int>(text.size()), text.data());
    };
  }

  hub::PullResult result;
  {
    const InterruptScope interrupt;
    result = hub::pull_model(hub::hub_settings_from_environment(), hub::models_directory(),
                             reference, pull, interrupt.token());
  }
  bar.break_line();
  switch (result.status) {
    case hub::PullStatus::cancelled:
      std::fprintf(stderr, "hearth: download interrupted; the same `hearth pull` resumes it\n");
      return kExitInterrupted;
    case hub::PullStatus::up_to_date:
      if (!options.quiet) std::fprintf(stderr, "%s is up to date\n", result.name.c_str());
      break;
    case hub::PullStatus::downloaded:
      if (!options.quiet) {
        std::fprintf(stderr, "pulled %s (sha256 %s%s)\n", result.name.c_str(),
                     result.record.sha256.c_str(),
                     result.record.verified_by_hub ? ", as the hub publishes" : ", unchecked");
      }
      break;
  }
  // The path alone on stdout, for scripts: `model=$(hearth pull -q ...)`.
  fmt::print("{}\n", result.path.string());
  return kExitOk;
}

}  // namespace

Subcommand add_pull_command(CLI::App& parent) {
  auto options = std::make_shared<PullCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "pull", "Download a GGUF model from Hugging Face into the models folder (resumable)");
  app->add_option("model", options->reference,
                  "OWNER/REPO, or OWNER/REPO:FILE where FILE is a path in the repository or a "
                  "quantization such as Q4_K_M")
      ->required()
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              hub::parse_pull_reference(text);
            } catch (const Error& error) {
              return error.message();
            }
            return {};
          },
          "OWNER/REPO[:FILE]"));
  app->add_option("--revision", options->revision, "Branch, tag or commit to download from")
      ->capture_default_str();
  app->add_flag("--no-verify", options->no_verify,
                "Accept a file the hub publishes no SHA-256 for (a published one is always "
                "checked)");
  app->add_flag("-q,--quiet", options->quiet, "No progress, only errors and the path on stdout");
  return {app, [options] { return run_pull(*options); }};
}

}  // namespace hearth::cli
