// The Writer's byte layout, its determinism, its atomic file writes and the
// arguments it refuses.
#include "hearth/gguf/writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::gguf {
namespace {

using hearth::testing::ScratchDir;
using tensor::TensorType;
using ::testing::HasSubstr;

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
  std::vector<std::byte> bytes;
  for (const int value : values) bytes.push_back(static_cast<std::byte>(value));
  return bytes;
}

std::vector<std::byte> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::transform(chars.begin(), chars.end(), bytes.begin(),
                 [](char c) { return static_cast<std::byte>(c); });
  return bytes;
}

Writer sample_writer() {
  Writer writer;
  writer.metadata().set("general.architecture", "llama");
  writer.metadata().set("llama.block_count", std::uint32_t{2});
  writer.metadata().set("tokenizer.ggml.tokens", make_string_array({"<s>", "</s>", "a"}));
  writer.add_tensor("a", {4}, TensorType::f32, std::vector<std::byte>(16, std::byte{1}));
  writer.add_tensor("b", {32, 3}, TensorType::q8_0, std::vector<std::byte>(102, std::byte{2}));
  return writer;
}

// The layout llama.cpp's gguf_write_to_buf produces for the same content.
TEST(WriterLayout, MatchesLlamaCppByteForByte) {
  Writer writer;
  writer.metadata().set("a", std::uint32_t{7});
  writer.add_tensor("t", {1}, TensorType::f32, bytes_of({1, 2, 3, 4}));

  std::vector<std::byte> expected = bytes_of({
      'G', 'G', 'U', 'F', 3, 0, 0, 0,       // magic, version
      1,   0,   0,   0,   0, 0, 0, 0,       // tensor count
      1,   0,   0,   0,   0, 0, 0, 0,       // metadata entry count
      1,   0,   0,   0,   0, 0, 0, 0, 'a',  // key
      4,   0,   0,   0,   7, 0, 0, 0,       // u32 7
      1,   0,   0,   0,   0, 0, 0, 0, 't',  // tensor name
      1,   0,   0,   0,                     // one dimension
      1,   0,   0,   0,   0, 0, 0, 0,       // of 1
      0,   0,   0,   0,                     // F32
      0,   0,   0,   0,   0, 0, 0, 0,       // at data offset 0
  });
  expected.resize(96, std::byte{0});  // padding up to the data section
  const std::vector<std::byte> data = bytes_of({1, 2, 3, 4});
  expected.insert(expected.end(), data.begin(), data.end());
  expected.resize(128, std::byte{0});  // the last tensor is padded too

  EXPECT_EQ(writer.to_bytes(), expected);
}

TEST(WriterLayout, TensorsArePackedInOrderAtAlignedOffsets) {
  Writer writer = sample_writer();
  writer.set_alignment(64);
  const std::vector<std::byte> image = writer.to_bytes();
  const File file = File::parse(image);
  ASSERT_EQ(file.tensors().size(), 2u);
  EXPECT_EQ(file.tensors()[0].offset, 0u);
  EXPECT_EQ(file.tensors()[1].offset, 64u);
  EXPECT_EQ(file.data_offset() + 64 + 128, image.size());
}

TEST(WriterDeterminism, SameContentGivesSameBytes) {
  const Writer first = sample_writer();
  const Writer second = sample_writer();
  EXPECT_EQ(first.to_bytes(), first.to_bytes());
  EXPECT_EQ(first.to_bytes(), second.to_bytes());
}

TEST(WriterFile, WriteProducesExactlyToBytes) {
  ScratchDir scratch;
  const Writer writer = sample_writer();
  writer.write(scratch / "model.gguf");
  EXPECT_EQ(read_whole_file(scratch / "model.gguf"), writer.to_bytes());

  const File file = File::open(scratch / "model.gguf");
  EXPECT_EQ(file.metadata(), writer.metadata());
}

TEST(WriterFile, LeavesOnlyTheTargetBehindAndReplacesAnOldFile) {
  ScratchDir scratch;
  { std::ofstream(scratch / "model.gguf") << "old contents"; }
  const Writer writer = sample_writer();
  writer.write(scratch / "model.gguf");
  writer.write(scratch / "model.gguf");

  std::vector<std::filesystem::path> names;
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    names.push_back(entry.path().filename());
  }
  EXPECT_EQ(names, std::vector<std::filesystem::path>{"model.gguf"});
  EXPECT_EQ(read_whole_file(scratch / "model.gguf"), writer.to_bytes());
}

TEST(WriterFile, MissingFolderIsNotFound) {
  ScratchDir scratch;
  try {
    sample_writer().write(scratch / "absent" / "model.gguf");
    FAIL() << "wrote into a folder that does not exist";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

TEST(WriterFile, RefusedMetadataCreatesNoFile) {
  ScratchDir scratch;
  Writer writer = sample_writer();
  writer.metadata().set("", std::uint8_t{1});
  EXPECT_THROW(writer.write(scratch / "model.gguf"), Error);
  EXPECT_TRUE(std::filesystem::is_empty(scratch.path()));
}

void expect_invalid_argument(const std::function<void()>& action, const std::string& message) {
  try {
    action();
    ADD_FAILURE() << "no error; expected one containing: " << message;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument) << error.what();
    EXPECT_THAT(error.message(), HasSubstr(message));
  }
}

TEST(WriterArguments, RefusesWhatTheReaderWouldReject) {
  expect_invalid_argument([] { Writer writer(1); }, "cannot write version 1");
  expect_invalid_argument([] { Writer writer(4); }, "cannot write version 4");
  expect_invalid_argument([] { Writer().set_alignment(0); }, "alignment 0 is not a power of two");
  expect_invalid_argument([] { Writer().set_alignment(24); }, "alignment 24");
  expect_invalid_argument([] { Writer().set_alignment(std::uint64_t{1} << 32); }, "fits a u32");

  const auto add = [](std::string name, std::vector<std::uint64_t> shape, TensorType type,
                      std::size_t bytes) {
    Writer writer;
    writer.add_tensor("taken", {1}, TensorType::f32, std::vector<std::byte>(4));
    writer.add_tensor(std::move(name), std::move(shape), type, std::vector<std::byte>(bytes));
  };
  expect_invalid_argument([&] { add("taken", {1}, TensorType::f32, 4); },
                          "tensor 'taken' is added twice");
  expect_invalid_argument([&] { add(std::string(64, 'n'), {1}, TensorType::f32, 4); },
                          "is 64 bytes");
  expect_invalid_argument([&] { add("t", {}, TensorType::f32, 4); }, "has 0 dimensions");
  expect_invalid_argument(
      [&] {
        add("t", {1, 1, 1, 1, 1}, TensorType::f32, 4);
      },
      "has 5 dimensions");
  expect_invalid_argument([&] { add("t", {4, 0}, TensorType::f32, 0); }, "zero dimension");
  expect_invalid_argument(
      [&] {
        add("t", {std::uint64_t{1} << 32, std::uint64_t{1} << 32}, TensorType::f32, 0);
      },
      "more than 9223372036854775807 elements");
  expect_invalid_argument([&] { add("t", {16}, TensorType::q4_0, 9); },
                          "rows of 16 elements, not a multiple of the Q4_0 block size 32");
  expect_invalid_argument([&] { add("t", {4}, TensorType::f32, 15); }, "needs 16 bytes, got 15");
  expect_invalid_argument([&] { add("t", {1}, static_cast<TensorType>(4), 4); },
                          "unknown type id 4");

  expect_invalid_argument(
      [] {
        Writer writer;
        writer.metadata().set("mixed", Array{ValueType::uint8, {std::uint8_t{1}, "text"}});
        writer.to_bytes();
      },
      "key 'mixed': an array of u8 holds a str item");
  expect_invalid_argument(
      [] {
        Writer writer;
        writer.metadata().set("bad\xff", std::uint8_t{1});
        writer.to_bytes();
      },
      "is empty or not UTF-8");
  expect_invalid_argument(
      [] {
        Writer writer;
        writer.metadata().set(std::string(kAlignmentKey), std::uint64_t{64});
        writer.to_bytes();
      },
      "general.alignment must be a u32 power of two");
}

TEST(WriterArguments, FailedAddLeavesTheWriterAsItWas) {
  Writer writer = sample_writer();
  const std::vector<std::byte> before = writer.to_bytes();
  EXPECT_THROW(writer.add_tensor("c", {4}, TensorType::f32, std::vector<std::byte>(3)), Error);
  EXPECT_EQ(writer.to_bytes(), before);
}

}  // namespace
}  // namespace hearth::gguf
