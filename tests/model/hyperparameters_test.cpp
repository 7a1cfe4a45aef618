#include "hearth/model/hyperparameters.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "hearth/gguf/writer.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::model {
namespace {

Hyperparameters qwen_like() {
  Hyperparameters hp;
  hp.architecture = Architecture::qwen2;
  hp.n_vocab = 8;
  hp.context_length = 4096;
  hp.n_embd = 32;
  hp.n_layer = 2;
  hp.n_head = 4;
  hp.n_head_kv = 2;
  hp.head_dim = 8;
  hp.rope_dimension_count = 8;
  hp.n_ff = 64;
  hp.rope_freq_base = 1e6f;
  hp.rms_norm_eps = 1e-6f;
  hp.tied_embeddings = true;
  return hp;
}

// A file image with the metadata `edit` leaves and, for untied models, an
// output.weight tensor; kept alive beside the File that points into it.
struct ParsedFile {
  std::vector<std::byte> bytes;
  gguf::File file;
};

ParsedFile parse(
    const Hyperparameters& hp,
    const std::function<void(gguf::Metadata&)>& edit = [](gguf::Metadata&) {}) {
  gguf::Writer writer;
  write_hyperparameters(hp, writer.metadata());
  edit(writer.metadata());
  if (!hp.tied_embeddings) {
    writer.add_tensor("output.weight", {hp.n_embd, hp.n_vocab}, tensor::TensorType::f32,
                      std::vector<std::byte>(std::size_t{hp.n_embd} * hp.n_vocab * 4));
  }
  std::vector<std::byte> bytes = writer.to_bytes();
  gguf::File file = gguf::File::parse(bytes);
  return {std::move(bytes), std::move(file)};
}

Error read_error(const Hyperparameters& hp, const std::function<void(gguf::Metadata&)>& edit) {
  const ParsedFile parsed = parse(hp, edit);
  try {
    read_hyperparameters(parsed.file);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "read_hyperparameters did not throw";
  return Error(ErrorKind::internal, "");
}

bool mentions(const Error& error, std::string_view text) {
  return error.message().find(text) != std::string::npos;
}

TEST(Hyperparameters, RoundTripThroughMetadata) {
  for (bool tied : {true, false}) {
    Hyperparameters hp = qwen_like();
    hp.tied_embeddings = tied;
    const ParsedFile parsed = parse(hp);
    EXPECT_EQ(read_hyperparameters(parsed.file), hp);
  }
}

TEST(Hyperparameters, WritesLlamaCppKeysAndTypes) {
  gguf::Metadata metadata;
  write_hyperparameters(qwen_like(), metadata);
  EXPECT_EQ(metadata.get_string("general.architecture"), "qwen2");
  ASSERT_NE(metadata.find("qwen2.block_count"), nullptr);
  EXPECT_EQ(metadata.find("qwen2.block_count")->type(), gguf::ValueType::uint32);
  EXPECT_EQ(metadata.get_uint("qwen2.attention.head_count_kv"), 2u);
  EXPECT_EQ(metadata.get_uint("qwen2.attention.key_length"), 8u);
  ASSERT_NE(metadata.find("qwen2.rope.freq_base"), nullptr);
  EXPECT_EQ(metadata.find("qwen2.rope.freq_base")->type(), gguf::ValueType::float32);
  EXPECT_EQ(metadata.get_double("qwen2.attention.layer_norm_rms_epsilon"), double{1e-6f});
}

TEST(Hyperparameters, DefaultsFollowLlamaCpp) {
  Hyperparameters hp = qwen_like();
  hp.head_dim = 8;  // n_embd / n_head, so key_length may be left out
  const ParsedFile parsed = parse(hp, [](gguf::Metadata& metadata) {
    metadata.erase("qwen2.attention.head_count_kv");
    metadata.erase("qwen2.attention.key_length");
    metadata.erase("qwen2.attention.value_length");
    metadata.erase("qwen2.rope.dimension_count");
    metadata.erase("qwen2.rope.freq_base");
    metadata.erase("qwen2.vocab_size");
    metadata.set("tokenizer.ggml.tokens", gguf::make_string_array({"a", "b", "c"}));
  });
  const Hyperparameters read = read_hyperparameters(parsed.file);
  EXPECT_EQ(read.n_head_kv, 4u);
  EXPECT_EQ(read.head_dim, 8u);
  EXPECT_EQ(read.rope_dimension_count, 8u);
  EXPECT_EQ(read.rope_freq_base, 10000.0f);
  EXPECT_EQ(read.n_vocab, 3u);
}

TEST(Hyperparameters, VocabularySizeFallsBackToTheEmbedding) {
  gguf::Writer writer;
  write_hyperparameters(qwen_like(), writer.metadata());
  writer.metadata().erase("qwen2.vocab_size");
  writer.add_tensor("token_embd.weight", {32, 5}, tensor::TensorType::f32,
                    std::vector<std::byte>(32 * 5 * 4));
  const std::vector<std::byte> bytes = writer.to_bytes();
  EXPECT_EQ(read_hyperparameters(gguf::File::parse(bytes)).n_vocab, 5u);
}

TEST(Hyperparameters, ReadsTheShapeOfRealVocabularyFiles) {
  const gguf::File llama = gguf::File::open(hearth::testing::vocab_path("llama-spm"));
  const Hyperparameters hp = read_hyperparameters(llama);
  EXPECT_EQ(hp.architecture, Architecture::llama);
  EXPECT_EQ(hp.n_layer, 32u);
  EXPECT_EQ(hp.n_embd, 4096u);
  EXPECT_EQ(hp.n_head_kv, 32u);
  EXPECT_EQ(hp.head_dim, 128u);
  EXPECT_EQ(hp.n_vocab, 32000u);
  EXPECT_TRUE(hp.tied_embeddings);  // no tensors at all

  const gguf::File qwen = gguf::File::open(hearth::testing::vocab_path("qwen2"));
  EXPECT_EQ(read_hyperparameters(qwen).n_vocab, 151936u);
}

TEST(Hyperparameters, MissingKeyIsNamed) {
  const Error error = read_error(
      qwen_like(), [](gguf::Metadata& metadata) { metadata.erase("qwen2.block_count"); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_TRUE(mentions(error, "missing metadata key 'qwen2.block_count'")) << error.message();
}

TEST(Hyperparameters, MistypedKeyIsNamedWithItsType) {
  const Error error = read_error(qwen_like(), [](gguf::Metadata& metadata) {
    metadata.set("qwen2.embedding_length", "wide");
  });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_TRUE(mentions(error, "'qwen2.embedding_length'")) << error.message();
  EXPECT_TRUE(mentions(error, "str")) << error.message();

  const Error negative = read_error(qwen_like(), [](gguf::Metadata& metadata) {
    metadata.set("qwen2.attention.head_count", std::int32_t{-4});
  });
  EXPECT_TRUE(mentions(negative, "'qwen2.attention.head_count'")) << negative.message();

  const Error huge = read_error(qwen_like(), [](gguf::Metadata& metadata) {
    metadata.set("qwen2.context_length", std::uint64_t{1} << 40);
  });
  EXPECT_TRUE(mentions(huge, "'qwen2.context_length' is 1099511627776")) << huge.message();
}

TEST(Hyperparameters, UnknownArchitectureIsUnsupported) {
  const Error error = read_error(
      qwen_like(), [](gguf::Metadata& metadata) { metadata.set("general.architecture", "bert"); });
  EXPECT_EQ(error.kind(), ErrorKind::unsupported);
  EXPECT_TRUE(mentions(error, "'bert'")) << error.message();

  const Error missing = read_error(
      qwen_like(), [](gguf::Metadata& metadata) { metadata.erase("general.architecture"); });
  EXPECT_EQ(missing.kind(), ErrorKind::invalid_data);
  EXPECT_TRUE(mentions(missing, "general.architecture")) << missing.message();
}

TEST(Hyperparameters, InconsistentValuesInAFileAreInvalidData) {
  const Error error = read_error(qwen_like(), [](gguf::Metadata& metadata) {
    metadata.set("qwen2.attention.head_count_kv", std::uint32_t{3});
  });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_TRUE(mentions(error, "n_head (4) is not a multiple of n_head_kv (3)")) << error.message();

  const Error no_head_size = read_error(qwen_like(), [](gguf::Metadata& metadata) {
    metadata.erase("qwen2.attention.key_length");
    metadata.set("qwen2.attention.head_count", std::uint32_t{6});
    metadata.set("qwen2.attention.head_count_kv", std::uint32_t{6});
  });
  EXPECT_TRUE(mentions(no_head_size, "qwen2.attention.key_length")) << no_head_size.message();
}

TEST(Hyperparameters, FindInconsistency) {
  EXPECT_EQ(find_inconsistency(qwen_like()), std::nullopt);

  auto problem_with = [](const std::function<void(Hyperparameters&)>& edit) {
    Hyperparameters hp = qwen_like();
    edit(hp);
    return find_inconsistency(hp).value_or("");
  };
  EXPECT_EQ(problem_with([](Hyperparameters& hp) { hp.n_layer = 0; }), "n_layer must be positive");
  EXPECT_EQ(problem_with([](Hyperparameters& hp) { hp.n_head_kv = 3; }),
            "n_head (4) is not a multiple of n_head_kv (3)");
  EXPECT_EQ(problem_with([](Hyperparameters& hp) { hp.rope_dimension_count = 7; }),
            "rope_dimension_count (7) must be even");
  EXPECT_EQ(problem_with([](Hyperparameters& hp) { hp.rope_dimension_count = 10; }),
            "rope_dimension_count (10) is larger than head_dim (8)");
  EXPECT_NE(problem_with([](Hyperparameters& hp) { hp.rms_norm_eps = 0.0f; }), "");
  EXPECT_NE(problem_with([](Hyperparameters& hp) { hp.rope_freq_base = -1.0f; }), "");
  EXPECT_NE(problem_with([](Hyperparameters& hp) {
              hp.n_head = 1u << 20;
              hp.n_head_kv = 1u << 20;
              hp.head_dim = 1u << 13;
            }),
            "");
}

}  // namespace
}  // namespace hearth::model
