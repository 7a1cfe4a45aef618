// `hearth run -m FILE.gguf -p PROMPT`: one generation, streamed to stdout as
// it is produced.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generation_flags.h"
#include "hearth/chat/conversation.h"
#include "hearth/engine/chat_prompt.h"
#include "hearth/engine/generate.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/util/error.h"
#include "interrupt.h"
#include "read_input.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct RunOptions {
  SessionFlags session;
  GenerationFlags generation;
  std::optional<std::string> prompt;
  std::optional<std::string> prompt_file;
  bool chat = false;
  std::optional<std::string> system;
  bool parse_special = false;
};

std::string read_prompt(const RunOptions& options) {
  if (!options.prompt_file) return text_argument_or_stdin(options.prompt);
  std::ifstream in(*options.prompt_file, std::ios::binary);
  if (!in) raise(ErrorKind::not_found, "cannot open prompt file {}", *options.prompt_file);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) raise(ErrorKind::io, "cannot read prompt file {}", *options.prompt_file);
  return text;
}

std::vector<tokenizer::TokenId> prompt_tokens(const engine::Model& model, const RunOptions& options,
                                              const std::string& prompt) {
  if (options.chat) {
    chat::ChatRequest request;
    if (options.system) {
      request.messages.push_back({{"role", "system"}, {"content", *options.system}});
    }
    request.messages.push_back({{"role", "user"}, {"content", prompt}});
    return engine::chat_prompt_tokens(model, request);
  }
  tokenizer::EncodeOptions encode_options;
  encode_options.parse_special = options.parse_special;
  return model.tokenizer().encode(prompt, encode_options);
}

int run_generation(RunOptions& options) {
  const std::string prompt = read_prompt(options);
  std::shared_ptr<const engine::Model> model = engine::Model::load(options.session.model);
  engine::Session session(model, session_options(options.session));
  const engine::GenerationOptions generation = generation_options(options.generation);
  if (options.generation.verbose) print_session_summary(session, options.generation);

  const std::vector<tokenizer::TokenId> tokens = prompt_tokens(*model, options, prompt);
  engine::GenerationResult result;
  {
    const InterruptScope interrupt;
    result = engine::generate(
        session, tokens, generation,
        [](const engine::TokenEvent& event) { write_streamed(event.text); }, interrupt.token());
  }
  // A terminal's next prompt should not start in the middle of the answer;
  // a pipe gets exactly the generated text.
  if (::isatty(STDOUT_FILENO) && !result.text.empty() && result.text.back() != '\n') {
    write_streamed("\n");
  }
  if (options.generation.stats || options.generation.verbose) print_generation_stats(result);
  return result.finish_reason == engine::FinishReason::cancelled ? kExitInterrupted : kExitOk;
}

}  // namespace

Subcommand add_run_command(CLI::App& parent) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* app = parent.add_subcommand(
      "run", "Generate a continuation of a prompt (or a chat answer with --chat), streamed");
  add_session_flags(*app, options->session);
  auto* prompt = app->add_option("-p,--prompt", options->prompt,
                                 "The prompt; '-' or neither -p nor -f reads standard input");
  app->add_option("-f,--file", options->prompt_file, "Read the prompt from FILE")->excludes(prompt);
  auto* chat = app->add_flag("--chat", options->chat,
                             "Apply the model's chat template, the prompt as the user's message");
  app->add_option("--system", options->system, "A system message before the prompt (with --chat)")
      ->needs(chat);
  app->add_flag("--parse-special", options->parse_special,
                "Turn special-token text such as <|im_start|> in the prompt into its token")
      ->excludes(chat);
  add_generation_flags(*app, options->generation);
  return {app, [options] { return run_generation(*options); }};
}

}  // namespace hearth::cli
