// Writes the seed corpus for gguf_reader_fuzz: a few small valid GGUF files
// that between them use every value type, nested and string arrays, both
// versions, custom alignments and several tensor types. Usage:
//   make_gguf_corpus fuzz/corpus/gguf
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "hearth/gguf/writer.h"
#include "hearth/tensor/type.h"
#include "hearth/util/error.h"

namespace {

using hearth::gguf::Array;
using hearth::gguf::ValueType;
using hearth::gguf::Writer;
using hearth::tensor::TensorType;

std::vector<std::byte> tensor_bytes(TensorType type, std::uint64_t elements) {
  std::vector<std::byte> bytes(*hearth::tensor::bytes_for_elements(type, elements));
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 37 + 11);
  return bytes;
}

Writer empty_file() {
  return Writer();
}

Writer every_scalar() {
  Writer writer;
  auto& m = writer.metadata();
  m.set("s.u8", std::uint8_t{200});
  m.set("s.i8", std::int8_t{-100});
  m.set("s.u16", std::uint16_t{60000});
  m.set("s.i16", std::int16_t{-30000});
  m.set("s.u32", std::uint32_t{4000000000});
  m.set("s.i32", std::int32_t{-2000000000});
  m.set("s.f32", 0.5f);
  m.set("s.bool", true);
  m.set("s.str", "h\xc3\xa9llo");
  m.set("s.u64", std::uint64_t{1} << 60);
  m.set("s.i64", -(std::int64_t{1} << 60));
  m.set("s.f64", -2.25);
  return writer;
}

Writer arrays() {
  Writer writer(2);
  auto& m = writer.metadata();
  m.set("a.str", hearth::gguf::make_string_array({"<s>", "</s>", "\xe2\x96\x81the", ""}));
  m.set("a.f32", hearth::gguf::make_float_array({0.0f, -1.0f, 3.5f}));
  m.set("a.i32", hearth::gguf::make_int32_array({1, 2, 3}));
  m.set("a.bool", Array{ValueType::boolean, {true, false}});
  m.set("a.u64", Array{ValueType::uint64, {std::uint64_t{7}}});
  m.set("a.empty", Array{ValueType::uint8, {}});
  m.set("a.nested", Array{ValueType::array,
                          {hearth::gguf::make_int32_array({4, 5}),
                           Array{ValueType::array, {hearth::gguf::make_string_array({"x"})}}}});
  return writer;
}

// Five arrays deep: one past the fuzzer's max_array_nesting, so its limit
// check is hit, and one mutation away from a file that passes it.
Writer deep_nesting() {
  Writer writer;
  hearth::gguf::Value nested = hearth::gguf::make_int32_array({9});
  for (int level = 1; level < 5; ++level) nested = Array{ValueType::array, {nested}};
  writer.metadata().set("deep", nested);
  return writer;
}

Writer small_model() {
  Writer writer;
  auto& m = writer.metadata();
  m.set("general.architecture", "llama");
  m.set("llama.block_count", std::uint32_t{1});
  m.set("llama.embedding_length", std::uint32_t{32});
  m.set("tokenizer.ggml.model", "llama");
  m.set("tokenizer.ggml.tokens", hearth::gguf::make_string_array({"<unk>", "<s>", "</s>", "a"}));
  m.set("tokenizer.ggml.token_type", hearth::gguf::make_int32_array({2, 3, 3, 1}));
  writer.add_tensor("token_embd.weight", {32, 4}, TensorType::q8_0,
                    tensor_bytes(TensorType::q8_0, 128));
  writer.add_tensor("blk.0.attn_norm.weight", {32}, TensorType::f32,
                    tensor_bytes(TensorType::f32, 32));
  writer.add_tensor("output_norm.weight", {32}, TensorType::f16, tensor_bytes(TensorType::f16, 32));
  return writer;
}

Writer custom_alignment(std::uint64_t alignment) {
  Writer writer;
  writer.set_alignment(alignment);
  writer.add_tensor("q4_0", {32, 2}, TensorType::q4_0, tensor_bytes(TensorType::q4_0, 64));
  writer.add_tensor("q4_k", {256}, TensorType::q4_k, tensor_bytes(TensorType::q4_k, 256));
  writer.add_tensor("i8", {3, 1, 1, 2}, TensorType::i8, tensor_bytes(TensorType::i8, 6));
  return writer;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  try {
    std::filesystem::create_directories(folder);
    empty_file().write(folder / "empty.gguf");
    every_scalar().write(folder / "every_scalar.gguf");
    arrays().write(folder / "arrays_v2.gguf");
    deep_nesting().write(folder / "deep_nesting.gguf");
    small_model().write(folder / "small_model.gguf");
    custom_alignment(1).write(folder / "alignment_1.gguf");
    custom_alignment(64).write(folder / "alignment_64.gguf");
  } catch (const hearth::Error& error) {
    std::fprintf(stderr, "make_gguf_corpus: %s\n", error.what());
    return 1;
  }
  return 0;
}
