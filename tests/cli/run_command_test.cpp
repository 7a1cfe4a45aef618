// `hearth run` as a user runs it, on a tiny random-weight model.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "run_hearth.h"
#include "stats_text.h"
#include "test_models.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

std::vector<std::string> run_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"run", "-m", tiny_qwen2_model().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Greedy and past end-of-text tokens: the output depends only on the model.
std::vector<std::string> greedy(std::vector<std::string> extra) {
  std::vector<std::string> args = run_args({"--temp", "0", "--ignore-eos"});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

CommandResult ok(const std::vector<std::string>& args, const std::string& input = {}) {
  CommandResult result = run_hearth(args, input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result;
}

// The tokens of a conversation (JSON) rendered with the tiny model's chat
// template, counted by the commands that render and tokenize.
long chat_prompt_token_count(const std::string& conversation) {
  const std::string model = tiny_qwen2_model().string();
  const std::string rendered = ok({"template", "-m", model}, conversation).out;
  const std::string ids = ok({"tokenize", "-m", model, "--ids", "--parse-special", rendered}).out;
  return static_cast<long>(std::count(ids.begin(), ids.end(), ' ') + 1);
}

// The first number --stats prints after `label`, e.g. stat(err, "generated ").
long stat(const std::string& text, std::string_view label) {
  const std::vector<long> numbers = numbers_after(text, label);
  if (numbers.empty()) {
    ADD_FAILURE() << "no number after \"" << label << "\" in: " << text;
    return -1;
  }
  return numbers.front();
}

TEST(RunCommand, GreedyOutputIsTheSameEveryTime) {
  const CommandResult first = ok(greedy({"-p", "Once upon a time", "-n", "12"}));
  const CommandResult second = ok(greedy({"-p", "Once upon a time", "-n", "12"}));
  EXPECT_FALSE(first.out.empty());
  EXPECT_EQ(first.out, second.out);
}

TEST(RunCommand, GreedyOutputDoesNotDependOnTheThreadCount) {
  const CommandResult one = ok(greedy({"-p", "Hello", "-n", "12", "--threads", "1"}));
  const CommandResult two = ok(greedy({"-p", "Hello", "-n", "12", "--threads", "2"}));
  EXPECT_EQ(one.out, two.out);
}

TEST(RunCommand, SameSeedSameTextAtTemperatureOne) {
  const auto sample = [](const char* seed) {
    return ok(run_args({"-p", "Hello", "-n", "12", "--ignore-eos", "--temp", "1", "--seed", seed}))
        .out;
  };
  const std::string first = sample("42");
  EXPECT_EQ(first, sample("42"));
  // Near-uniform probabilities over 151k tokens: another seed picks others.
  EXPECT_NE(first, sample("43"));
}

TEST(RunCommand, MaxTokensLimitsTheGeneration) {
  const CommandResult result = ok(greedy({"-p", "Hello", "-n", "5", "--stats"}));
  EXPECT_EQ(stat(result.err, "generated "), 5);
  EXPECT_NE(result.err.find("finish reason length"), std::string::npos) << result.err;
}

TEST(RunCommand, StatsCountThePromptTokens) {
  const CommandResult result = ok(greedy({"-p", "Hello world", "-n", "1", "--stats"}));
  // Qwen2 adds no BOS: "Hello", " world".
  EXPECT_EQ(stat(result.err, "prompt "), 2);
  EXPECT_EQ(stat(result.err, "tokens ("), 0);
}

// The first whole UTF-8 character at or after `position`, and the one after it.
std::string two_characters_from(const std::string& text, std::size_t position) {
  const auto is_continuation = [&](std::size_t i) {
    return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  while (position < text.size() && is_continuation(position)) ++position;
  std::size_t end = position;
  for (int characters = 0; characters < 2 && end < text.size(); ++characters) {
    ++end;
    while (end < text.size() && is_continuation(end)) ++end;
  }
  return text.substr(position, end - position);
}

TEST(RunCommand, StopStringCutsTheText) {
  const std::string full = ok(greedy({"-p", "Hello", "-n", "24"})).out;
  ASSERT_GT(full.size(), 8u);
  const std::string stop = two_characters_from(full, full.size() / 2);
  ASSERT_FALSE(stop.empty());
  const CommandResult cut = ok(greedy({"-p", "Hello", "-n", "24", "--stop=" + stop, "--stats"}));
  EXPECT_EQ(cut.out, full.substr(0, full.find(stop)));
  EXPECT_NE(cut.err.find("finish reason stop"), std::string::npos) << cut.err;
}

TEST(RunCommand, EveryRepeatedStopStringCounts) {
  const std::string full = ok(greedy({"-p", "Hello", "-n", "24"})).out;
  const std::string stop = two_characters_from(full, full.size() / 2);
  const std::string expected = full.substr(0, full.find(stop));
  EXPECT_EQ(ok(greedy({"-p", "Hello", "-n", "24", "--stop=" + stop, "--stop=never seen"})).out,
            expected);
  EXPECT_EQ(ok(greedy({"-p", "Hello", "-n", "24", "--stop=never seen", "--stop=" + stop})).out,
            expected);
}

TEST(RunCommand, PromptFromFileOrStdinEqualsTheArgument) {
  ScratchDir directory;
  { std::ofstream(directory / "prompt.txt") << "Hello"; }
  const std::string from_argument = ok(greedy({"-p", "Hello", "-n", "6"})).out;
  EXPECT_EQ(ok(greedy({"-f", (directory / "prompt.txt").string(), "-n", "6"})).out, from_argument);
  EXPECT_EQ(ok(greedy({"-n", "6"}), "Hello").out, from_argument);
  EXPECT_EQ(ok(greedy({"-p", "-", "-n", "6"}), "Hello").out, from_argument);
}

TEST(RunCommand, ChatAppliesTheTemplate) {
  // Rendered by `hearth template` (the qwen2 vocabulary's own template) and
  // tokenized by `hearth tokenize`, the conversation must have as many tokens
  // as `run --chat` evaluates.
  const CommandResult chat =
      ok(greedy({"--chat", "--system", "Be brief.", "-p", "Hi", "-n", "4", "--stats"}));
  EXPECT_EQ(
      stat(chat.err, "prompt "),
      chat_prompt_token_count(
          R"([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}])"));
  EXPECT_EQ(stat(chat.err, "generated "), 4);
}

TEST(RunCommand, VerboseDescribesTheSession) {
  const CommandResult result =
      ok(greedy({"-p", "Hi", "-n", "1", "--verbose", "--ctx", "128", "--threads", "2"}));
  EXPECT_NE(result.err.find("synthetic tiny"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("context 128 tokens, 2 threads"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("finish reason"), std::string::npos) << result.err;
}

TEST(RunCommand, Q8KvCacheRuns) {
  const CommandResult result = ok({"run", "-m", tiny_qwen3_model().string(), "-p", "Hi", "-n", "3",
                                   "--temp", "0", "--ignore-eos", "--kv-type", "q8_0", "--stats"});
  EXPECT_EQ(stat(result.err, "generated "), 3);
}

TEST(RunCommand, Q8KvCacheTooNarrowForTheHeadsIsARuntimeFailure) {
  // Q8_0 blocks are 32 values; the tiny model's heads have 16.
  const CommandResult result = run_hearth(greedy({"-p", "Hi", "--kv-type", "q8_0"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("Q8_0"), std::string::npos) << result.err;
}

TEST(RunCommand, GeneratingUntilTheContextIsFull) {
  const CommandResult result = ok(greedy({"-p", "Hi", "-n", "-1", "--ctx", "16", "--stats"}));
  // "Hi" fills one place, fifteen generated tokens the others, and one more
  // is sampled from the last logits (it needs no place: nothing follows it).
  EXPECT_EQ(stat(result.err, "generated "), 16);
  EXPECT_NE(result.err.find("finish reason length"), std::string::npos) << result.err;
}

TEST(RunCommand, MemoryBudgetTooSmallIsRefused) {
  const CommandResult result = run_hearth(greedy({"-p", "Hi", "--mem-budget", "1K"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("needs about"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("memory budget"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty());
}

TEST(RunCommand, MemoryBudgetLargeEnoughRuns) {
  for (const char* budget : {"2G", "512MiB", "1.5g", "1tb", "4294967296"}) {
    ok(greedy({"-p", "Hi", "-n", "1", "--mem-budget", budget}));
  }
}

TEST(RunCommand, CtrlCStopsCleanlyAndKeepsTheText) {
  const CommandResult result =
      run_hearth_interrupted(greedy({"-p", "Hi", "-n", "-1", "--ctx", "65536", "--stats"}), 16);
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_GE(result.out.size(), 16u);
  EXPECT_NE(result.err.find("finish reason cancelled"), std::string::npos) << result.err;
}

TEST(RunCommand, MissingModelIsARuntimeFailure) {
  const CommandResult result = run_hearth({"run", "-m", "/no/such/model.gguf", "-p", "Hi"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("/no/such/model.gguf"), std::string::npos) << result.err;
}

TEST(RunCommand, MissingPromptFileIsARuntimeFailure) {
  const CommandResult result = run_hearth(run_args({"-f", "/no/such/prompt.txt"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("/no/such/prompt.txt"), std::string::npos) << result.err;
}

TEST(RunCommand, InvalidOptionsAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {"--threads", "-2"},
      {"--threads", "0"},
      {"--top-p", "2"},
      {"--top-p", "0"},
      {"--min-p", "-0.1"},
      {"--temp", "nan"},
      {"--repeat-penalty", "0"},
      {"--frequency-penalty", "3"},
      {"--presence-penalty", "-3"},
      {"--repeat-last-n", "-2"},
      {"-n", "-2"},
      {"--kv-type", "q4_0"},
      {"--ctx", "0"},
      {"--mem-budget", "lots"},
      {"--mem-budget", "0"},
      {"--batch", "0"},
      {"--system", "x"},
      {"-f", "x", "-p", "y"},
      {"--no-such-option"},
  };
  for (const std::vector<std::string>& extra : cases) {
    std::vector<std::string> args = run_args({"-p", "Hi"});
    if (extra.front() == "-f") args = run_args({});
    args.insert(args.end(), extra.begin(), extra.end());
    const CommandResult result = run_hearth(args);
    EXPECT_EQ(result.exit_code, 2) << extra.front() << ": " << result.err;
    EXPECT_FALSE(result.err.empty()) << extra.front();
  }
  EXPECT_EQ(run_hearth({"run", "-p", "Hi"}).exit_code, 2);  // no model
}

TEST(RunCommand, UsageErrorsNameTheOptionAndTheRange) {
  const CommandResult result = run_hearth(run_args({"-p", "Hi", "--top-p", "2"}));
  EXPECT_NE(result.err.find("--top-p"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(0, 1]"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace hearth::testing
