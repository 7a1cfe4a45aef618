// `hearth chat` driven through a pipe, as a script (or a test) drives it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "run_hearth.h"
#include "stats_text.h"
#include "test_models.h"

namespace hearth::testing {
namespace {

// Greedy, four tokens an answer whatever the model says, with --stats.
std::vector<std::string> chat_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "chat",         "-m",     tiny_qwen2_model().string(), "--temp", "0", "-n", "4",
      "--ignore-eos", "--stats"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

CommandResult chat(const std::string& input, std::vector<std::string> extra = {}) {
  CommandResult result = run_hearth(chat_args(std::move(extra)), input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result;
}

// The answer `hearth run --chat` gives to a single message.
std::string single_answer(const std::string& message) {
  const CommandResult result = run_hearth({"run", "-m", tiny_qwen2_model().string(), "--temp", "0",
                                           "-n", "4", "--ignore-eos", "--chat", "-p", message});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

struct TurnStats {
  long prompt_tokens;
  long cached_tokens;
};

std::vector<TurnStats> turns(const std::string& err) {
  const std::vector<long> prompt = numbers_after(err, "hearth: prompt ");
  const std::vector<long> cached = numbers_after(err, " tokens (");
  EXPECT_EQ(prompt.size(), cached.size()) << err;
  std::vector<TurnStats> found;
  for (std::size_t i = 0; i < std::min(prompt.size(), cached.size()); ++i) {
    found.push_back({prompt[i], cached[i]});
  }
  return found;
}

TEST(ChatCommand, FirstAnswerIsRunChatsAnswer) {
  const CommandResult result = chat("Hello\n");
  EXPECT_EQ(result.out, single_answer("Hello") + "\n");
}

TEST(ChatCommand, SecondTurnReusesTheFirst) {
  const CommandResult result = chat("Hello\nHow are you?\n");
  const std::vector<TurnStats> stats = turns(result.err);
  ASSERT_EQ(stats.size(), 2u) << result.err;
  EXPECT_EQ(stats[0].cached_tokens, 0);
  // The second prompt holds the whole first turn, already in the session: the
  // first prompt at least, save its last token ("\n" after "assistant"),
  // which may merge with the start of the answer when the turn is tokenized
  // again.
  EXPECT_GT(stats[1].prompt_tokens, stats[0].prompt_tokens + 4);
  EXPECT_GE(stats[1].cached_tokens, stats[0].prompt_tokens - 1);
  EXPECT_NE(result.out, single_answer("Hello") + "\n");
}

TEST(ChatCommand, ResetStartsANewConversation) {
  const CommandResult result = chat("Hello\n/reset\nHello\n");
  const std::string answer = single_answer("Hello");
  EXPECT_EQ(result.out, answer + "\n" + answer + "\n");
  const std::vector<TurnStats> stats = turns(result.err);
  ASSERT_EQ(stats.size(), 2u) << result.err;
  EXPECT_EQ(stats[1].prompt_tokens, stats[0].prompt_tokens);
  EXPECT_EQ(stats[1].cached_tokens, 0);
}

TEST(ChatCommand, ExitEndsTheConversation) {
  const CommandResult result = chat("Hello\n/exit\nMore\n");
  EXPECT_EQ(turns(result.err).size(), 1u) << result.err;
}

TEST(ChatCommand, BlankLinesAreNotMessages) {
  const CommandResult result = chat("\n  \nHello\n\n");
  EXPECT_EQ(result.out, single_answer("Hello") + "\n");
}

TEST(ChatCommand, EmptyInputSaysNothing) {
  const CommandResult result = chat("");
  EXPECT_TRUE(result.out.empty());
  EXPECT_TRUE(turns(result.err).empty());
}

TEST(ChatCommand, SystemMessageStartsTheConversation) {
  // Qwen2's template adds a default system message when there is none; a
  // longer one of our own makes a longer prompt.
  const long without = turns(chat("Hello\n").err).at(0).prompt_tokens;
  const long with =
      turns(chat("Hello\n", {"--system", "You answer every question in one short sentence."}).err)
          .at(0)
          .prompt_tokens;
  EXPECT_GT(with, without);
}

std::string many_words() {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "one two three ";
  return text;
}

TEST(ChatCommand, ConversationOutgrowingTheContextIsReportedAndTheChatGoesOn) {
  // 40 tokens of context: the first turn fits, the second does not; after
  // /reset the chat answers again.
  const CommandResult result = chat("Hi\n" + many_words() + "\n/reset\nHi\n", {"--ctx", "40"});
  EXPECT_NE(result.err.find("/reset to start a new conversation"), std::string::npos) << result.err;
  EXPECT_EQ(turns(result.err).size(), 2u) << result.err;
}

TEST(ChatCommand, InvalidOptionsAreUsageErrors) {
  for (const std::vector<std::string>& extra : std::vector<std::vector<std::string>>{
           {"--top-p", "1.5"}, {"--threads", "-1"}, {"--kv-type", "f32"}, {"--parse-special"}}) {
    const CommandResult result = run_hearth(chat_args(extra), "Hello\n");
    EXPECT_EQ(result.exit_code, 2) << extra.front() << ": " << result.err;
  }
}

}  // namespace
}  // namespace hearth::testing
