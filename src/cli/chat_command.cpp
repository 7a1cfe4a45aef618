// `hearth chat -m FILE.gguf`: a conversation in the terminal. Each user line
// is added to the conversation, the whole conversation is rendered again with
// the model's chat template, and generate() evaluates only what the session
// does not already hold — the earlier turns are reused, not recomputed.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generation_flags.h"
#include "hearth/chat/conversation.h"
#include "hearth/engine/chat_prompt.h"
#include "hearth/engine/generate.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/util/error.h"
#include "interrupt.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct ChatOptions {
  SessionFlags session;
  GenerationFlags generation;
  std::optional<std::string> system;
};

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

class Conversation {
 public:
  explicit Conversation(const std::optional<std::string>& system) : system_(system) { clear(); }

  void clear() {
    request_.messages = nlohmann::ordered_json::array();
    if (system_) request_.messages.push_back({{"role", "system"}, {"content", *system_}});
  }
  void add(std::string_view role, std::string_view content) {
    request_.messages.push_back({{"role", role}, {"content", content}});
  }
  void drop_last() { request_.messages.erase(request_.messages.end() - 1); }
  const chat::ChatRequest& request() const { return request_; }

 private:
  std::optional<std::string> system_;
  chat::ChatRequest request_;
};

int run_chat(ChatOptions& options) {
  std::shared_ptr<const engine::Model> model = engine::Model::load(options.session.model);
  engine::Session session(model, session_options(options.session));
  const engine::GenerationOptions generation = generation_options(options.generation);
  if (options.generation.verbose) print_session_summary(session, options.generation);

  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  if (interactive) {
    fmt::print(stderr, "hearth: chatting with {}; /reset starts over, /exit or Ctrl-D quits\n",
               model->name());
  }
  Conversation conversation(options.system);
  std::string line;
  while (true) {
    if (interactive) write_streamed("> ");
    if (!std::getline(std::cin, line)) break;
    const std::string_view input = trimmed(line);
    if (input.empty()) continue;
    if (input == "/exit") break;
    if (input == "/reset") {
      conversation.clear();
      session.reset();
      if (interactive) fmt::print(stderr, "hearth: conversation cleared\n");
      continue;
    }

    conversation.add("user", input);
    const std::vector<tokenizer::TokenId> prompt =
        engine::chat_prompt_tokens(*model, conversation.request());
    engine::GenerationResult result;
    try {
      const InterruptScope interrupt;
      result = engine::generate(
          session, prompt, generation,
          [](const engine::TokenEvent& event) { write_streamed(event.text); }, interrupt.token());
    } catch (const Error& error) {
      // A conversation that outgrew the context is the user's to shorten;
      // the session is intact, so the chat goes on.
      if (error.kind() != ErrorKind::resource_exhausted) throw;
      conversation.drop_last();
      fmt::print(stderr, "hearth: {}; /reset to start a new conversation\n", error.what());
      continue;
    }
    write_streamed("\n");
    if (options.generation.stats || options.generation.verbose) print_generation_stats(result);
    // An answer cut short by Ctrl-C stays in the conversation as it was shown.
    conversation.add("assistant", result.text);
  }
  if (interactive) write_streamed("\n");
  return kExitOk;
}

}  // namespace

Subcommand add_chat_command(CLI::App& parent) {
  auto options = std::make_shared<ChatOptions>();
  // An answer ends at the model's end-of-turn token, or when the context is full.
  options->generation.max_tokens = -1;
  CLI::App* app = parent.add_subcommand(
      "chat", "Talk with a model: one message per line on stdin, answers streamed to stdout");
  add_session_flags(*app, options->session);
  app->add_option("--system", options->system, "A system message that starts the conversation");
  add_generation_flags(*app, options->generation);
  return {app, [options] { return run_chat(*options); }};
}

}  // namespace hearth::cli
