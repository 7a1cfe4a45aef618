// `hearth redact [FILE]`: finds personal data and secrets in a text and
// replaces them before the text goes anywhere; `--restore VAULT` puts the
// values back into what comes back; `--eval` measures the scanner against the
// labeled corpus.
#include <fmt/format.h>
#include <fmt/os.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "hearth/privacy/policy.h"
#include "hearth/privacy/pseudonymize.h"
#include "hearth/privacy/scanner.h"
#include "hearth/privacy/vault.h"
#include "hearth/util/error.h"
#include "read_input.h"
#include "redact_evaluation.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct RedactOptions {
  std::optional<std::string> input;
  bool json = false;
  std::optional<std::string> policy;
  std::optional<std::string> vault;
  std::optional<std::string> restore;
  std::optional<std::string> passphrase_file;
  bool no_names = false;
  float min_confidence = 0.5f;
  std::string region = "US";
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  std::optional<std::string> allow_file;
  std::optional<std::string> deny_file;
  bool eval = false;
  std::string corpus = "data/privacy/eval";
  bool verbose = false;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) raise(ErrorKind::not_found, "cannot open {}", path);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) raise(ErrorKind::io, "cannot read {}", path);
  return contents.str();
}

std::string read_input(const std::optional<std::string>& path) {
  return path && *path != "-" ? read_file(*path) : text_argument_or_stdin(std::nullopt);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// "TYPE:value" (flags) or "TYPE<tab or space>value" (files).
privacy::DenyListEntry parse_deny_entry(const std::string& entry, std::string_view separators) {
  const std::size_t split = entry.find_first_of(separators);
  const auto type = privacy::parse_entity_type(entry.substr(0, split));
  if (split == std::string::npos || !type || split + 1 >= entry.size()) {
    raise(ErrorKind::invalid_argument,
          "deny list entry \"{}\" is not TYPE:VALUE with a known type (e.g. PERSON:Jane Doe)",
          entry);
  }
  return {entry.substr(split + 1), *type};
}

privacy::ScannerOptions scanner_options(const RedactOptions& options) {
  privacy::ScannerOptions scanner;
  scanner.detect_names = !options.no_names;
  scanner.min_confidence = options.min_confidence;
  scanner.default_region = options.region;
  scanner.allow_list = options.allow;
  if (options.allow_file) {
    for (std::string& value : lines_of(read_file(*options.allow_file))) {
      scanner.allow_list.push_back(std::move(value));
    }
  }
  for (const std::string& entry : options.deny) {
    scanner.deny_list.push_back(parse_deny_entry(entry, ":"));
  }
  if (options.deny_file) {
    for (const std::string& line : lines_of(read_file(*options.deny_file))) {
      scanner.deny_list.push_back(parse_deny_entry(line, "\t "));
    }
  }
  return scanner;
}

// The vault's passphrase: --passphrase-file, else $HEARTH_VAULT_PASSPHRASE.
// Never a command-line value, which other users can read from the process list.
std::string vault_passphrase(const RedactOptions& options) {
  std::string passphrase;
  if (options.passphrase_file) {
    passphrase = read_file(*options.passphrase_file);
    while (!passphrase.empty() && (passphrase.back() == '\n' || passphrase.back() == '\r')) {
      passphrase.pop_back();
    }
  } else if (const char* from_environment = std::getenv("HEARTH_VAULT_PASSPHRASE")) {
    passphrase = from_environment;
  }
  if (passphrase.empty()) {
    raise(ErrorKind::invalid_argument,
          "a vault needs a passphrase: set HEARTH_VAULT_PASSPHRASE or pass --passphrase-file");
  }
  return passphrase;
}

nlohmann::json findings_json(const std::vector<privacy::Finding>& findings,
                             const privacy::Pseudonymized& result, const privacy::Policy& policy) {
  nlohmann::json list = nlohmann::json::array();
  std::size_t next_replacement = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const privacy::Finding& finding = findings[i];
    nlohmann::json entry = {
        {"type", privacy::entity_type_name(finding.type)},
        {"byte_start", finding.byte_begin},
        {"byte_end", finding.byte_end},
        {"char_start", finding.char_begin},
        {"char_end", finding.char_end},
        {"text", finding.text},
        {"confidence", finding.confidence},
        {"recognizer", finding.recognizer},
        {"operator", privacy::operator_name(policy.operator_for(finding.type))},
    };
    if (next_replacement < result.replacements.size() &&
        result.replacements[next_replacement].finding_index == i) {
      const privacy::Replacement& replacement = result.replacements[next_replacement++];
      entry["replacement"] = result.text.substr(replacement.output_begin,
                                                replacement.output_end - replacement.output_begin);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

int run_redact(const RedactOptions& options) {
  const privacy::Scanner scanner(scanner_options(options));
  const privacy::Policy policy =
      options.policy ? privacy::Policy::from_json(read_file(*options.policy)) : privacy::Policy();
  // Read the passphrase before the work, so a missing one fails fast.
  const std::string passphrase = options.vault ? vault_passphrase(options) : std::string();

  const std::string text = read_input(options.input);
  const std::vector<privacy::Finding> findings = scanner.scan(text);
  privacy::Vault vault;
  const privacy::Pseudonymized result = privacy::pseudonymize(text, findings, policy, vault);
  if (options.vault) vault.save(*options.vault, passphrase);

  if (options.json) {
    const nlohmann::json output = {{"text", result.text},
                                   {"findings", findings_json(findings, result, policy)}};
    // Invalid UTF-8 in the input is passed through as U+FFFD rather than refused.
    fmt::print("{}\n", output.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    std::fwrite(result.text.data(), 1, result.text.size(), stdout);
  }
  return kExitOk;
}

// Restores as the text arrives, the way a streamed remote answer is restored.
int run_restore(const RedactOptions& options) {
  const privacy::Vault vault = privacy::Vault::open(*options.restore, vault_passphrase(options));
  std::FILE* input = stdin;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, std::fclose);
  if (options.input && *options.input != "-") {
    file.reset(std::fopen(options.input->c_str(), "rb"));
    if (!file) raise(ErrorKind::not_found, "cannot open {}", *options.input);
    input = file.get();
  }
  privacy::StreamRestorer restorer(vault);
  std::vector<char> buffer(64 * 1024);
  while (const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), input)) {
    const std::string restored = restorer.push(std::string_view(buffer.data(), read));
    std::fwrite(restored.data(), 1, restored.size(), stdout);
    std::fflush(stdout);
  }
  if (std::ferror(input)) raise(ErrorKind::io, "reading the input failed");
  const std::string rest = restorer.finish();
  std::fwrite(rest.data(), 1, rest.size(), stdout);
  return kExitOk;
}

}  // namespace

Subcommand add_redact_command(CLI::App& parent) {
  auto options = std::make_shared<RedactOptions>();
  CLI::App* app = parent.add_subcommand(
      "redact", "Replace personal data and secrets in a text (FILE or stdin) before it leaves");
  app->add_option("file", options->input, "The text; '-' or nothing reads standard input");
  app->add_flag("--json", options->json, "Print the redacted text and every finding with offsets");
  app->add_option("--policy", options->policy,
                  "JSON policy choosing an operator per entity type (docs/privacy.md)");
  auto* vault = app->add_option("--vault", options->vault,
                                "Save the placeholder vault here, encrypted, for --restore");
  auto* restore = app->add_option("--restore", options->restore,
                                  "Put the values of this vault back into the text")
                      ->excludes(vault);
  app->add_option("--passphrase-file", options->passphrase_file,
                  "File holding the vault passphrase (default: $HEARTH_VAULT_PASSPHRASE)");
  app->add_flag("--no-names", options->no_names,
                "Skip people, organizations, places and addresses (structured data only)");
  app->add_option("--min-confidence", options->min_confidence,
                  "Drop findings below this confidence")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app->add_option("--region", options->region,
                  "Region for phone numbers without a country code (ISO 3166, e.g. GB)")
      ->capture_default_str();
  app->add_option("--allow", options->allow, "A value never to redact (repeatable)");
  app->add_option("--deny", options->deny, "TYPE:VALUE always redacted (repeatable)");
  app->add_option("--allow-file", options->allow_file, "Values never to redact, one per line");
  app->add_option("--deny-file", options->deny_file,
                  "Values always redacted, one 'TYPE value' per line");
  auto* eval = app->add_flag("--eval", options->eval,
                             "Measure precision, recall and F1 per type on a labeled corpus")
                   ->excludes(restore)
                   ->excludes(vault);
  app->add_option("--corpus", options->corpus, "The labeled corpus for --eval (.jsonl or folder)")
      ->capture_default_str()
      ->needs(eval);
  app->add_flag("--verbose", options->verbose, "With --eval: list every mistake")->needs(eval);
  return {app, [options] {
            if (options->eval) {
              return run_redact_evaluation(scanner_options(*options), options->corpus,
                                           options->json, options->verbose);
            }
            if (options->restore) return run_restore(*options);
            return run_redact(*options);
          }};
}

}  // namespace hearth::cli
