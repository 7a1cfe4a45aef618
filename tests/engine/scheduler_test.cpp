// The continuous-batching scheduler on small random models with the real
// Qwen2 tokenizer: batch invariance (parallel greedy streams equal the same
// requests generated alone, token for token), prefix reuse, cancellation,
// queue limits, embeddings and shutdown.
#include "hearth/engine/scheduler.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "hearth/engine/generate.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/model/transformer.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::engine {
namespace {

using hearth::testing::ScratchDir;
using std::chrono::milliseconds;

struct Outcome {
  std::vector<TokenId> tokens;
  // Compared bit for bit: far more sensitive than the greedy choice to a
  // product summed in another order.
  std::vector<float> logprobs;
  std::string text;
  Finished finished;
};

// Drains a request's events.
Outcome collect(RequestHandle& handle) {
  Outcome outcome;
  while (true) {
    std::optional<RequestEvent> event = handle.next(milliseconds(60'000));
    if (!event) ADD_FAILURE() << "no event within a minute";
    if (!event) return outcome;
    if (auto* chunk = std::get_if<TokenChunk>(&*event)) {
      if (!chunk->flush) {
        outcome.tokens.push_back(chunk->token.token);
        outcome.logprobs.push_back(chunk->token.logprob);
      }
      outcome.text += chunk->text;
      continue;
    }
    outcome.finished = std::get<Finished>(std::move(*event));
    return outcome;
  }
}

GenerationOptions greedy(int max_tokens) {
  GenerationOptions options;
  options.max_tokens = max_tokens;
  options.sampling.temperature = 0.0f;
  options.ignore_eos = true;
  return options;
}

class SchedulerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir();
    const auto write = [](model::WeightFormat format, const char* file) {
      model::SyntheticModelSpec spec = model::make_synthetic_spec(
          *model::find_preset("tiny"), hearth::testing::vocab_path("qwen2"));
      // 256 wide, so that K-quant formats apply to every matrix.
      spec.hyperparameters.n_embd = 256;
      spec.hyperparameters.head_dim = 64;
      spec.hyperparameters.rope_dimension_count = 64;
      spec.hyperparameters.n_ff = 512;
      spec.weight_format = format;
      spec.seed = 11;
      model::write_synthetic_model(spec, *scratch_ / file);
      return Model::load(*scratch_ / file);
    };
    q8_model_ = write(model::WeightFormat::q8_0, "q8.gguf");
    q4k_model_ = write(model::WeightFormat::q4_k_m, "q4k.gguf");
  }
  static void TearDownTestSuite() {
    q8_model_.reset();
    q4k_model_.reset();
    delete scratch_;
  }

  static std::vector<TokenId> tokens(const Model& model, std::string_view text) {
    return model.tokenizer().encode(text);
  }

  static SchedulerOptions options(std::uint32_t slots) {
    SchedulerOptions options;
    options.slots = slots;
    options.context_length = 256;
    options.threads = 2;
    return options;
  }

  // Prompts of different lengths, two sharing a long prefix.
  static std::vector<std::string> prompts() {
    return {
        "The quick brown fox jumps over the lazy dog near the river bank.",
        "Summarize: the meeting moved to Thursday.",
        "You are a helpful assistant. Answer briefly. What is the capital of France?",
        "You are a helpful assistant. Answer briefly. Name three primary colours.",
        "1 2 3 4 5 6 7 8 9 10 11 12",
        "Translate to German: good morning, how are you today?",
    };
  }

  static ScratchDir* scratch_;
  static std::shared_ptr<const Model> q8_model_;
  static std::shared_ptr<const Model> q4k_model_;
};

ScratchDir* SchedulerTest::scratch_ = nullptr;
std::shared_ptr<const Model> SchedulerTest::q8_model_;
std::shared_ptr<const Model> SchedulerTest::q4k_model_;

TEST_F(SchedulerTest, ParallelGreedyStreamsEqualEachRequestGeneratedAlone) {
  for (const auto& model : {q8_model_, q4k_model_}) {
    SCOPED_TRACE(model->type_name());
    // The reference: engine::generate on a fresh session per request.
    std::vector<std::vector<TokenId>> expected;
    std::vector<std::vector<float>> expected_logprobs;
    for (const std::string& text : prompts()) {
      SessionOptions session_options;
      session_options.context_length = 256;
      session_options.threads = 2;
      Session session(model, session_options);
      const GenerationResult result = generate(session, tokens(*model, text), greedy(24));
      std::vector<TokenId> ids;
      std::vector<float> logprobs;
      for (const auto& token : result.tokens) {
        ids.push_back(token.token);
        logprobs.push_back(token.logprob);
      }
      expected.push_back(std::move(ids));
      expected_logprobs.push_back(std::move(logprobs));
    }
    // Fewer slots than requests: some wait and join a running batch.
    Scheduler scheduler(model, options(4));
    std::vector<std::shared_ptr<RequestHandle>> handles;
    for (const std::string& text : prompts()) {
      handles.push_back(scheduler.submit(tokens(*model, text), greedy(24)));
    }
    for (std::size_t i = 0; i < handles.size(); ++i) {
      const Outcome outcome = collect(*handles[i]);
      EXPECT_EQ(outcome.tokens, expected[i]) << "request " << i;
      EXPECT_EQ(outcome.logprobs, expected_logprobs[i]) << "request " << i;
      EXPECT_EQ(outcome.finished.finish_reason, FinishReason::length);
      EXPECT_EQ(outcome.finished.stats.completion_tokens, 24u);
    }
    // And once more, one at a time on the same scheduler (its slots now hold
    // earlier prompts, which are reused).
    for (std::size_t i = 0; i < prompts().size(); ++i) {
      const auto handle = scheduler.submit(tokens(*model, prompts()[i]), greedy(24));
      const Outcome outcome = collect(*handle);
      EXPECT_EQ(outcome.tokens, expected[i]) << "request " << i << " alone";
      EXPECT_EQ(outcome.logprobs, expected_logprobs[i]) << "request " << i << " alone";
    }
    EXPECT_GT(scheduler.stats().prompt_tokens_reused, 0u);
  }
}

TEST_F(SchedulerTest, SixteenStreamsOnFourSlotsEqualTheSequentialRun) {
  Scheduler scheduler(q4k_model_, options(4));
  std::vector<Outcome> sequential;
  std::vector<std::vector<TokenId>> inputs;
  for (int i = 0; i < 16; ++i) {
    inputs.push_back(tokens(*q4k_model_, prompts()[i % prompts().size()] + std::to_string(i)));
    sequential.push_back(collect(*scheduler.submit(inputs.back(), greedy(12 + i % 5))));
  }
  std::vector<std::shared_ptr<RequestHandle>> handles;
  for (int i = 0; i < 16; ++i) handles.push_back(scheduler.submit(inputs[i], greedy(12 + i % 5)));
  for (int i = 0; i < 16; ++i) {
    const Outcome parallel = collect(*handles[i]);
    EXPECT_EQ(parallel.tokens, sequential[i].tokens) << i;
    EXPECT_EQ(parallel.logprobs, sequential[i].logprobs) << i;
  }
}

TEST_F(SchedulerTest, SharedPrefixIsReusedAndReported) {
  Scheduler scheduler(q8_model_, options(2));
  const std::vector<TokenId> first = tokens(*q8_model_, prompts()[2]);
  const std::vector<TokenId> second = tokens(*q8_model_, prompts()[3]);
  const Outcome a = collect(*scheduler.submit(first, greedy(4)));
  EXPECT_EQ(a.finished.stats.cached_prompt_tokens, 0u);
  const Outcome b = collect(*scheduler.submit(second, greedy(4)));
  std::size_t common = 0;
  while (first[common] == second[common]) ++common;
  EXPECT_EQ(b.finished.stats.cached_prompt_tokens, common);
  EXPECT_EQ(b.finished.stats.prompt_tokens, second.size());
  // The same prompt again reuses all but the last panel's worth.
  const Outcome c = collect(*scheduler.submit(second, greedy(4)));
  EXPECT_EQ(c.finished.stats.cached_prompt_tokens, second.size() - 4);
  EXPECT_EQ(c.tokens, b.tokens);
}

TEST_F(SchedulerTest, WithoutBatchInvarianceTheWholeConversationIsReused) {
  SchedulerOptions fast = options(2);
  fast.batch_invariant = false;
  Scheduler scheduler(q8_model_, fast);
  std::vector<TokenId> conversation = tokens(*q8_model_, prompts()[0]);
  const Outcome turn = collect(*scheduler.submit(conversation, greedy(6)));
  // The next turn extends the prompt with the reply and a new question.
  const std::size_t evaluated = conversation.size() + turn.tokens.size() - 1;
  conversation.insert(conversation.end(), turn.tokens.begin(), turn.tokens.end());
  const std::vector<TokenId> question = tokens(*q8_model_, " And then?");
  conversation.insert(conversation.end(), question.begin(), question.end());
  const Outcome next = collect(*scheduler.submit(conversation, greedy(3)));
  EXPECT_EQ(next.finished.stats.cached_prompt_tokens, evaluated);
}

TEST_F(SchedulerTest, StopStringsAndEndOfGenerationEndRequests) {
  Scheduler scheduler(q8_model_, options(2));
  const std::vector<TokenId> prompt = tokens(*q8_model_, prompts()[0]);
  const Outcome full = collect(*scheduler.submit(prompt, greedy(16)));
  ASSERT_GE(full.text.size(), 4u);
  GenerationOptions with_stop = greedy(16);
  with_stop.stop = {full.text.substr(2, 2)};
  const Outcome cut = collect(*scheduler.submit(prompt, with_stop));
  EXPECT_EQ(cut.finished.finish_reason, FinishReason::stop);
  EXPECT_EQ(cut.text, full.text.substr(0, full.text.find(with_stop.stop[0])));
}

TEST_F(SchedulerTest, CancellingARunningOrWaitingRequestFreesItsSlot) {
  Scheduler scheduler(q8_model_, options(1));
  const std::vector<TokenId> prompt = tokens(*q8_model_, prompts()[1]);
  const auto running = scheduler.submit(prompt, greedy(-1));
  const auto waiting = scheduler.submit(prompt, greedy(-1));
  ASSERT_TRUE(running->next(milliseconds(60'000)));  // the first token exists
  waiting->cancel();
  running->cancel();
  EXPECT_EQ(collect(*running).finished.finish_reason, FinishReason::cancelled);
  EXPECT_EQ(collect(*waiting).finished.finish_reason, FinishReason::cancelled);
  // The slot is free again.
  EXPECT_EQ(collect(*scheduler.submit(prompt, greedy(2))).tokens.size(), 2u);
}

TEST_F(SchedulerTest, RefusesWhenTheQueueIsFullAndWhatCannotFit) {
  SchedulerOptions small = options(1);
  small.max_waiting = 1;
  Scheduler scheduler(q8_model_, small);
  const std::vector<TokenId> prompt = tokens(*q8_model_, prompts()[1]);
  const auto running = scheduler.submit(prompt, greedy(-1));
  ASSERT_TRUE(running->next(milliseconds(60'000)));
  const auto queued = scheduler.submit(prompt, greedy(1));
  try {
    scheduler.submit(prompt, greedy(1));
    ADD_FAILURE() << "a third request was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::resource_exhausted);
  }
  running->cancel();
  EXPECT_EQ(collect(*queued).tokens.size(), 1u);

  EXPECT_THROW(scheduler.submit({}, greedy(1)), Error);
  EXPECT_THROW(scheduler.submit(std::vector<TokenId>(256, prompt[0]), greedy(1)), Error);
  EXPECT_THROW(scheduler.submit({-1}, greedy(1)), Error);
  GenerationOptions bad = greedy(1);
  bad.sampling.top_p = 2.0f;
  EXPECT_THROW(scheduler.submit(prompt, bad), Error);
}

TEST_F(SchedulerTest, StopsWhenTheContextIsFull) {
  SchedulerOptions tight = options(1);
  tight.context_length = 32;
  Scheduler scheduler(q8_model_, tight);
  const std::vector<TokenId> prompt = tokens(*q8_model_, prompts()[0]);
  const Outcome outcome = collect(*scheduler.submit(prompt, greedy(-1)));
  EXPECT_EQ(outcome.finished.finish_reason, FinishReason::length);
  EXPECT_EQ(prompt.size() + outcome.tokens.size(), 33u);  // the last one is never evaluated
}

TEST_F(SchedulerTest, EmbeddingsArePooledUnitVectorsOfTheFinalHiddenStates) {
  Scheduler scheduler(q8_model_, options(2));
  const std::vector<TokenId> input = tokens(*q8_model_, prompts()[4]);
  const Outcome mean = collect(*scheduler.submit_embedding(input, Pooling::mean));
  ASSERT_FALSE(mean.finished.error);
  const std::uint32_t n_embd = q8_model_->hyperparameters().n_embd;
  ASSERT_EQ(mean.finished.embedding.size(), n_embd);
  double norm = 0;
  for (float v : mean.finished.embedding) norm += static_cast<double>(v) * v;
  EXPECT_NEAR(norm, 1.0, 1e-5);

  // Against the transformer directly: the mean of the final hidden states.
  const model::Transformer& transformer = q8_model_->transformer();
  model::KvCache cache(transformer.hyperparameters(), 64, 1, tensor::TensorType::f16);
  model::ForwardWorkspace workspace;
  ThreadPool pool(2);
  std::vector<model::BatchToken> batch;
  for (std::size_t i = 0; i < input.size(); ++i) {
    batch.push_back({input[i], static_cast<std::int32_t>(i), 0, true});
  }
  std::vector<float> hidden(input.size() * n_embd);
  transformer.forward(batch, cache, workspace, pool, tensor::best_kernel_level(), {}, hidden);
  std::vector<double> sum(n_embd, 0.0);
  for (std::size_t t = 0; t < input.size(); ++t) {
    for (std::uint32_t d = 0; d < n_embd; ++d) sum[d] += hidden[t * n_embd + d];
  }
  double length = 0;
  for (double v : sum) length += v * v;
  length = std::sqrt(length);
  for (std::uint32_t d = 0; d < n_embd; ++d) {
    EXPECT_NEAR(mean.finished.embedding[d], sum[d] / length, 1e-5) << d;
  }
  const Outcome last = collect(*scheduler.submit_embedding(input, Pooling::last));
  EXPECT_NE(last.finished.embedding, mean.finished.embedding);
  EXPECT_EQ(collect(*scheduler.submit_embedding(input, Pooling::mean)).finished.embedding,
            mean.finished.embedding);
  EXPECT_EQ(model_pooling(*q8_model_), Pooling::mean);
}

TEST_F(SchedulerTest, ShutdownCancelsEverythingAndRefusesNewWork) {
  auto scheduler = std::make_unique<Scheduler>(q8_model_, options(2));
  const std::vector<TokenId> prompt = tokens(*q8_model_, prompts()[1]);
  std::vector<std::shared_ptr<RequestHandle>> handles;
  for (int i = 0; i < 4; ++i) handles.push_back(scheduler->submit(prompt, greedy(-1)));
  ASSERT_TRUE(handles[0]->next(milliseconds(60'000)));
  std::thread stopper([&] { scheduler->shutdown(true); });
  for (const auto& handle : handles) {
    EXPECT_EQ(collect(*handle).finished.finish_reason, FinishReason::cancelled);
  }
  stopper.join();
  try {
    scheduler->submit(prompt, greedy(1));
    ADD_FAILURE() << "accepted work after shutdown";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unsupported);
  }
  scheduler.reset();
}

TEST_F(SchedulerTest, GracefulShutdownLetsRunningRequestsFinish) {
  Scheduler scheduler(q8_model_, options(2));
  const auto handle = scheduler.submit(tokens(*q8_model_, prompts()[1]), greedy(8));
  scheduler.shutdown(false);
  const Outcome outcome = collect(*handle);
  EXPECT_EQ(outcome.finished.finish_reason, FinishReason::length);
  EXPECT_EQ(outcome.tokens.size(), 8u);
}

}  // namespace
}  // namespace hearth::engine
