// The engine's public API on a small random model with the real Qwen2
// tokenizer: loading, sessions, generation, streaming, stop strings, prefix
// reuse, cancellation and the memory budget.
#include <gtest/gtest.h>

#include <stop_token>
#include <string>
#include <vector>

#include "hearth/engine/chat_prompt.h"
#include "hearth/engine/generate.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::engine {
namespace {

using hearth::testing::ScratchDir;

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir();
    model::SyntheticModelSpec spec = model::make_synthetic_spec(
        *model::find_preset("tiny"), hearth::testing::vocab_path("qwen2"));
    spec.weight_format = model::WeightFormat::q8_0;
    model::write_synthetic_model(spec, *scratch_ / "tiny.gguf");
    model_ = Model::load(*scratch_ / "tiny.gguf");
  }
  static void TearDownTestSuite() {
    model_.reset();
    delete scratch_;
  }

  static GenerationOptions greedy(int max_tokens) {
    GenerationOptions options;
    options.max_tokens = max_tokens;
    options.sampling.temperature = 0.0f;
    options.ignore_eos = true;
    return options;
  }

  std::vector<TokenId> prompt(std::string_view text) const {
    return model_->tokenizer().encode(text);
  }

  static ScratchDir* scratch_;
  static std::shared_ptr<const Model> model_;
};

SessionOptions with_context(std::uint32_t context_length, unsigned threads = 0) {
  SessionOptions options;
  options.context_length = context_length;
  options.threads = threads;
  return options;
}

ScratchDir* EngineTest::scratch_ = nullptr;
std::shared_ptr<const Model> EngineTest::model_;

TEST_F(EngineTest, LoadsTheModelAndDescribesIt) {
  EXPECT_EQ(model_->name(), "synthetic tiny");
  EXPECT_EQ(model_->hyperparameters().n_embd, 64u);
  EXPECT_GT(model_->weight_bytes(), 0u);
  EXPECT_GT(model_->parameter_count(), 9'000'000u);
  EXPECT_EQ(model_->type_name(), "Q8_0");
  const std::optional<TokenId> im_end = model_->tokenizer().vocabulary().find("<|im_end|>");
  ASSERT_TRUE(im_end);
  EXPECT_TRUE(model_->is_end_of_generation(*im_end));
  EXPECT_FALSE(model_->is_end_of_generation(prompt("hello").front()));
}

TEST_F(EngineTest, RefusesFilesItCannotRun) {
  EXPECT_THROW(Model::load(*scratch_ / "absent.gguf"), Error);
  try {
    Model::load(hearth::testing::vocab_path("qwen2"));  // a tokenizer, no weights
    ADD_FAILURE() << "loaded a vocabulary-only file";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("the file has no tensors"), std::string::npos)
        << error.what();
  }
}

TEST_F(EngineTest, GreedyGenerationIsDeterministicAndStreamsItsText) {
  Session session(model_, with_context(256, 2));
  std::string streamed;
  std::size_t events = 0;
  const GenerationResult first = generate(session, prompt("The capital of France is"), greedy(24),
                                          [&](const TokenEvent& event) {
                                            streamed += event.text;
                                            ++events;
                                          });
  EXPECT_EQ(first.tokens.size(), 24u);
  EXPECT_EQ(events, 24u);
  EXPECT_EQ(first.finish_reason, FinishReason::length);
  EXPECT_EQ(streamed, first.text);
  EXPECT_EQ(first.stats.completion_tokens, 24u);

  Session other(model_, with_context(256, 1));
  const GenerationResult second = generate(other, prompt("The capital of France is"), greedy(24));
  EXPECT_EQ(second.text, first.text);
  for (std::size_t i = 0; i < first.tokens.size(); ++i) {
    EXPECT_EQ(second.tokens[i].token, first.tokens[i].token);
    EXPECT_NEAR(second.tokens[i].logprob, first.tokens[i].logprob, 1e-4);
  }
}

TEST_F(EngineTest, SeededSamplingRepeats) {
  GenerationOptions options;
  options.max_tokens = 16;
  options.ignore_eos = true;
  options.sampling.temperature = 1.0f;
  options.sampling.seed = 42;
  Session session(model_, with_context(128));
  const GenerationResult a = generate(session, prompt("Once upon a time"), options);
  session.reset();
  const GenerationResult b = generate(session, prompt("Once upon a time"), options);
  EXPECT_EQ(a.text, b.text);
}

TEST_F(EngineTest, ReusesTheSessionsPrefixAndGivesTheSameAnswer) {
  Session session(model_, with_context(256));
  const std::vector<TokenId> system = prompt("You are a helpful assistant. Answer briefly.");
  std::vector<TokenId> question = system;
  const std::vector<TokenId> tail = prompt(" What is two plus two?");
  question.insert(question.end(), tail.begin(), tail.end());

  generate(session, system, greedy(4));
  const GenerationResult reused = generate(session, question, greedy(12));
  EXPECT_EQ(reused.stats.cached_prompt_tokens, system.size());
  EXPECT_EQ(reused.stats.prompt_tokens, question.size());

  Session fresh(model_, with_context(256));
  const GenerationResult recomputed = generate(fresh, question, greedy(12));
  EXPECT_EQ(recomputed.stats.cached_prompt_tokens, 0u);
  EXPECT_EQ(reused.text, recomputed.text);

  // The same prompt again: everything but its last token is cached.
  const GenerationResult again = generate(fresh, question, greedy(12));
  EXPECT_EQ(again.stats.cached_prompt_tokens, question.size() - 1);
  EXPECT_EQ(again.text, recomputed.text);
}

TEST_F(EngineTest, StopStringsCutTheTextWhetherStreamedOrNot) {
  Session session(model_, with_context(256));
  const GenerationResult full = generate(session, prompt("Write a list:"), greedy(40));
  ASSERT_GE(full.text.size(), 12u);
  const std::string stop = full.text.substr(full.text.size() / 2, 3);
  const std::string expected = full.text.substr(0, full.text.find(stop));

  GenerationOptions options = greedy(40);
  options.stop = {"never appears \x01", stop};
  std::string streamed;
  const GenerationResult cut = generate(session, prompt("Write a list:"), options,
                                        [&](const TokenEvent& event) { streamed += event.text; });
  EXPECT_EQ(cut.finish_reason, FinishReason::stop);
  EXPECT_EQ(cut.text, expected);
  EXPECT_EQ(streamed, expected);
}

TEST_F(EngineTest, StopsAtTheContextEnd) {
  Session session(model_, with_context(24));
  const std::vector<TokenId> tokens = prompt("Count with me: one two three");
  const GenerationResult result = generate(session, tokens, greedy(-1));
  EXPECT_EQ(result.finish_reason, FinishReason::length);
  EXPECT_EQ(session.tokens().size(), 24u);
  EXPECT_EQ(result.tokens.size(), 24u - tokens.size() + 1);
}

TEST_F(EngineTest, CancellationEndsGenerationCleanly) {
  Session session(model_, with_context(256));
  std::stop_source source;
  std::size_t seen = 0;
  const GenerationResult result = generate(
      session, prompt("Tell me a story"), greedy(100),
      [&](const TokenEvent&) {
        if (++seen == 5) source.request_stop();
      },
      source.get_token());
  EXPECT_EQ(result.finish_reason, FinishReason::cancelled);
  EXPECT_EQ(result.tokens.size(), 5u);

  std::stop_source already;
  already.request_stop();
  session.reset();
  const GenerationResult none =
      generate(session, prompt("Tell me a story"), greedy(100), {}, already.get_token());
  EXPECT_EQ(none.finish_reason, FinishReason::cancelled);
  EXPECT_TRUE(none.tokens.empty());
}

TEST_F(EngineTest, AppendTruncateAndResetKeepTheSessionConsistent) {
  const auto copy = [](std::span<const float> logits) {
    return std::vector<float>(logits.begin(), logits.end());
  };
  const auto expect_near = [](const std::vector<float>& a, const std::vector<float>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1e-4f) << i;
  };
  const std::vector<TokenId> tokens = prompt("a b c d e f g h");
  ASSERT_GT(tokens.size(), 6u);

  SessionOptions batches_of_three = with_context(64);
  batches_of_three.batch_size = 3;
  Session batched(model_, batches_of_three);
  const std::vector<float> in_batches_of_three = copy(batched.append(tokens));
  EXPECT_EQ(batched.tokens().size(), tokens.size());
  Session whole(model_, with_context(64));
  expect_near(copy(whole.append(tokens)), in_batches_of_three);
  expect_near(copy(whole.last_logits()), in_batches_of_three);

  batched.truncate(3);
  EXPECT_TRUE(batched.last_logits().empty());
  EXPECT_EQ(batched.tokens().size(), 3u);
  expect_near(copy(batched.append(std::span(tokens).subspan(3))), in_batches_of_three);

  batched.reset();
  EXPECT_TRUE(batched.tokens().empty());
  EXPECT_THROW(batched.truncate(1), Error);
}

TEST_F(EngineTest, RefusesWhatDoesNotFit) {
  Session session(model_, with_context(8));
  EXPECT_THROW(session.append(prompt("one two three four five six seven eight nine ten")), Error);
  EXPECT_TRUE(session.tokens().empty());
  EXPECT_THROW(session.append(std::vector<TokenId>{-1}), Error);
  EXPECT_THROW(session.append(std::vector<TokenId>{}), Error);
  try {
    SessionOptions tiny_budget_options;
    tiny_budget_options.memory_budget = 1024;
    Session tiny_budget(model_, tiny_budget_options);
    ADD_FAILURE() << "a 1 KiB budget was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::resource_exhausted);
    EXPECT_NE(std::string(error.what()).find("memory budget"), std::string::npos);
  }
  SessionOptions no_batch;
  no_batch.batch_size = 0;
  EXPECT_THROW(Session(model_, no_batch), Error);
  SessionOptions q4_cache;
  q4_cache.kv_cache_type = tensor::TensorType::q4_0;
  EXPECT_THROW(Session(model_, q4_cache), Error);
}

TEST_F(EngineTest, ChatPromptsUseTheTemplateAndParseItsSpecialTokens) {
  chat::ChatRequest request;
  request.messages = nlohmann::ordered_json::array(
      {{{"role", "system"}, {"content", "Be brief."}}, {{"role", "user"}, {"content", "Hi"}}});
  const std::string text = render_chat_prompt(*model_, request);
  EXPECT_EQ(text,
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            "<|im_start|>assistant\n");
  const std::vector<TokenId> tokens = chat_prompt_tokens(*model_, request);
  EXPECT_EQ(tokens.front(), *model_->tokenizer().vocabulary().find("<|im_start|>"));
  EXPECT_EQ(model_->tokenizer().decode(tokens, true), text);
}

}  // namespace
}  // namespace hearth::engine
