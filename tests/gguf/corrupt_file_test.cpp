// Every way a GGUF file can be broken that the reader must name: one case per
// check, each with the error kind, a piece of the message and the byte offset
// it must report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/gguf/writer.h"
#include "hearth/util/error.h"
#include "raw_gguf.h"
#include "test_paths.h"

namespace hearth::gguf {
namespace {

using hearth::testing::RawGguf;
using hearth::testing::ScratchDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::uint64_t kFirstEntry = 24;  // right after magic, version and counts
constexpr std::uint64_t kOneLetterKeyValue = kFirstEntry + 8 + 1 + 4;  // after key "a", type

struct CorruptCase {
  std::string name;
  std::vector<std::byte> bytes;
  ErrorKind kind;
  std::string message;
  std::optional<std::uint64_t> offset;
  ReadLimits limits = {};
};

// A file with one metadata entry "a" of `type`, the value still to be written.
RawGguf one_entry(ValueType type, std::string_view key = "a") {
  RawGguf raw(3, 0, 1);
  raw.string(key);
  raw.type(type);
  return raw;
}

ReadLimits limits_with(void (*adjust)(ReadLimits&)) {
  ReadLimits limits;
  adjust(limits);
  return limits;
}

std::vector<CorruptCase> header_cases() {
  std::vector<CorruptCase> cases;
  cases.push_back({"empty_file", {}, ErrorKind::invalid_data, "file ends inside the magic", 0});
  {
    RawGguf raw(3, 0, 0);
    std::vector<std::byte> bytes = raw.bytes();
    bytes[3] = std::byte{'X'};
    cases.push_back(
        {"bad_magic", bytes, ErrorKind::invalid_data, "bad magic 'GGUX' (expected 'GGUF')", 0});
  }
  cases.push_back({"version_0", RawGguf(0, 0, 0).bytes(), ErrorKind::invalid_data,
                   "version 0 is not valid", 4});
  cases.push_back({"version_1", RawGguf(1, 0, 0).bytes(), ErrorKind::unsupported,
                   "GGUF version 1 is no longer supported", 4});
  cases.push_back({"future_version", RawGguf(4, 0, 0).bytes(), ErrorKind::unsupported,
                   "GGUF version 4 is newer than the newest this reader knows (3)", 4});
  cases.push_back({"big_endian", RawGguf(0x03000000, 0, 0).bytes(), ErrorKind::unsupported,
                   "looks like a big-endian file", 4});
  cases.push_back({"huge_tensor_count", RawGguf(3, std::uint64_t{1} << 40, 0).bytes(),
                   ErrorKind::invalid_data, "tensor count 1099511627776 cannot fit", 8});
  cases.push_back({"tensor_count_of_all_ones", RawGguf(3, ~std::uint64_t{0}, 0).bytes(),
                   ErrorKind::invalid_data, "tensor count 18446744073709551615 cannot fit", 8});
  cases.push_back({"huge_entry_count", RawGguf(3, 0, std::uint64_t{1} << 40).bytes(),
                   ErrorKind::invalid_data, "metadata entry count 1099511627776 cannot fit", 16});
  {
    RawGguf raw(3, 2, 0);
    raw.tensor_info("a", {8}, 0, 0);
    raw.tensor_info("b", {8}, 0, 32);
    cases.push_back({"tensor_count_over_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "tensor count 2 is over the limit of 1", 8,
                     limits_with([](ReadLimits& l) { l.max_tensors = 1; })});
  }
  {
    RawGguf raw(3, 0, 2);
    raw.entry_u8("a", 1);
    raw.entry_u8("b", 2);
    cases.push_back({"entry_count_over_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "metadata entry count 2 is over the limit of 1", 16,
                     limits_with([](ReadLimits& l) { l.max_metadata_entries = 1; })});
  }
  return cases;
}

std::vector<CorruptCase> key_cases() {
  std::vector<CorruptCase> cases;
  {
    RawGguf raw(3, 0, 1);
    raw.u64(std::uint64_t{1} << 40);
    raw.text("abcdefgh");
    cases.push_back({"huge_key_length", raw.bytes(), ErrorKind::invalid_data,
                     "a metadata key claims 1099511627776 bytes but only 8 remain", kFirstEntry});
  }
  {
    RawGguf raw = one_entry(ValueType::uint8, "general.name");
    raw.u8(0);
    cases.push_back({"key_over_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "a metadata key is 12 bytes, over the limit of 4", kFirstEntry,
                     limits_with([](ReadLimits& l) { l.max_string_bytes = 4; })});
  }
  {
    RawGguf raw = one_entry(ValueType::uint8, "");
    raw.u8(0);
    cases.push_back({"empty_key", raw.bytes(), ErrorKind::invalid_data,
                     "metadata entry 0 has an empty key", kFirstEntry});
  }
  const std::pair<const char*, std::string> bad_utf8[] = {
      {"key_with_stray_byte", "a\xff"},
      {"key_with_overlong_slash", "\xc0\xaf"},
      {"key_with_surrogate", "\xed\xa0\x80"},
      {"key_past_u10ffff", "\xf4\x90\x80\x80"},
      {"key_with_truncated_sequence", "ab\xe2\x82"},
  };
  for (const auto& [name, key] : bad_utf8) {
    RawGguf raw = one_entry(ValueType::uint8, key);
    raw.u8(0);
    cases.push_back(
        {name, raw.bytes(), ErrorKind::invalid_data, "is not valid UTF-8", kFirstEntry});
  }
  {
    RawGguf raw(3, 0, 2);
    raw.entry_u8("a", 1);
    const std::uint64_t second = raw.size();
    raw.entry_u8("a", 2);
    cases.push_back({"duplicate_key", raw.bytes(), ErrorKind::invalid_data,
                     "duplicate metadata key 'a' (first at offset 24)", second});
  }
  return cases;
}

std::vector<CorruptCase> value_cases() {
  std::vector<CorruptCase> cases;
  {
    RawGguf raw(3, 0, 1);
    raw.string("a");
    raw.u32(13);
    raw.u8(0);
    cases.push_back({"bad_value_type", raw.bytes(), ErrorKind::invalid_data,
                     "key 'a' has value type 13, which is not a GGUF value type", kFirstEntry + 9});
  }
  {
    RawGguf raw = one_entry(ValueType::array);
    raw.u32(13);
    raw.u64(0);
    cases.push_back({"bad_array_element_type", raw.bytes(), ErrorKind::invalid_data,
                     "key 'a': array element type 13 is not a GGUF value type",
                     kOneLetterKeyValue});
  }
  {
    RawGguf raw = one_entry(ValueType::array);
    raw.type(ValueType::uint32);
    raw.u64(std::uint64_t{1} << 40);
    raw.u32(7);
    cases.push_back({"huge_array_length", raw.bytes(), ErrorKind::invalid_data,
                     "key 'a': array claims 1099511627776 u32 items but only 4 bytes remain",
                     kOneLetterKeyValue + 4});
  }
  {
    // Strings take at least their 8-byte length, so 9 bytes cannot hold 2.
    RawGguf raw = one_entry(ValueType::array);
    raw.type(ValueType::string);
    raw.u64(2);
    raw.string("x");
    cases.push_back({"string_array_longer_than_file", raw.bytes(), ErrorKind::invalid_data,
                     "array claims 2 str items but only 9 bytes remain", kOneLetterKeyValue + 4});
  }
  {
    RawGguf raw = one_entry(ValueType::array);
    raw.type(ValueType::uint8);
    raw.u64(3);
    raw.text("xyz");
    cases.push_back({"array_over_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "key 'a': array of 3 items is over the limit of 2", kOneLetterKeyValue + 4,
                     limits_with([](ReadLimits& l) { l.max_array_items = 2; })});
  }
  {
    // Nested arrays draw on one budget for the whole file: the outer array takes
    // 2 of the 3 items allowed, so its first inner array of 2 goes over.
    RawGguf raw = one_entry(ValueType::array);
    raw.type(ValueType::array);
    raw.u64(2);
    raw.type(ValueType::uint8);
    const std::uint64_t inner_count = raw.size();
    raw.u64(2);
    raw.text("ab");
    raw.type(ValueType::uint8);
    raw.u64(0);
    cases.push_back({"arrays_over_total_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "key 'a': array of 2 items takes the metadata over its limit of 3 array items",
                     inner_count, limits_with([](ReadLimits& l) { l.max_total_array_items = 3; })});
  }
  {
    RawGguf raw = one_entry(ValueType::array);
    std::uint64_t innermost = 0;
    for (int depth = 0; depth < 3; ++depth) {
      innermost = raw.size();
      raw.type(depth < 2 ? ValueType::array : ValueType::uint8);
      raw.u64(depth < 2 ? 1 : 0);
    }
    cases.push_back({"nesting_too_deep", raw.bytes(), ErrorKind::resource_exhausted,
                     "key 'a': arrays nested 3 deep, over the limit of 2", innermost,
                     limits_with([](ReadLimits& l) { l.max_array_nesting = 2; })});
  }
  {
    RawGguf raw = one_entry(ValueType::boolean);
    raw.u8(2);
    cases.push_back({"bool_is_2", raw.bytes(), ErrorKind::invalid_data,
                     "key 'a': bool value 2 is neither 0 nor 1", kOneLetterKeyValue});
  }
  {
    RawGguf raw = one_entry(ValueType::array);
    raw.type(ValueType::boolean);
    raw.u64(2);
    raw.u8(1);
    raw.u8(255);
    cases.push_back({"bool_in_array_is_255", raw.bytes(), ErrorKind::invalid_data,
                     "bool value 255 is neither 0 nor 1", kOneLetterKeyValue + 4 + 8 + 1});
  }
  {
    RawGguf raw = one_entry(ValueType::string);
    raw.u64(std::uint64_t{1} << 40);
    cases.push_back({"huge_string_length", raw.bytes(), ErrorKind::invalid_data,
                     "a string value claims 1099511627776 bytes but only 0 remain",
                     kOneLetterKeyValue});
  }
  {
    RawGguf raw = one_entry(ValueType::string);
    raw.string("abcd");
    cases.push_back({"string_over_limit", raw.bytes(), ErrorKind::resource_exhausted,
                     "a string value is 4 bytes, over the limit of 3", kOneLetterKeyValue,
                     limits_with([](ReadLimits& l) { l.max_string_bytes = 3; })});
  }
  return cases;
}

std::vector<CorruptCase> alignment_cases() {
  std::vector<CorruptCase> cases;
  const std::uint64_t value_offset = kFirstEntry + 8 + kAlignmentKey.size() + 4;
  for (const auto& [name, alignment, message] :
       {std::tuple{"alignment_0", 0u, "general.alignment is 0, which is not a power of two"},
        std::tuple{"alignment_48", 48u, "general.alignment is 48, which is not a power of two"}}) {
    RawGguf raw(3, 0, 1);
    raw.entry_u32(kAlignmentKey, alignment);
    cases.push_back({name, raw.bytes(), ErrorKind::invalid_data, message, value_offset});
  }
  {
    RawGguf raw = one_entry(ValueType::uint64, kAlignmentKey);
    raw.u64(32);
    cases.push_back({"alignment_as_u64", raw.bytes(), ErrorKind::invalid_data,
                     "general.alignment must be of type u32, not u64", value_offset});
  }
  return cases;
}

// One tensor info "t" of the given shape and type at data offset `offset`,
// followed by padding and `data_bytes` of data.
std::vector<std::byte> one_tensor(const std::vector<std::uint64_t>& shape, std::uint32_t type_id,
                                  std::uint64_t offset = 0, std::uint64_t data_bytes = 0) {
  RawGguf raw(3, 1, 0);
  raw.tensor_info("t", shape, type_id, offset);
  raw.pad_to(kDefaultAlignment);
  raw.zeros(data_bytes);
  return raw.bytes();
}

std::vector<CorruptCase> tensor_cases() {
  constexpr std::uint32_t kF32 = 0;
  constexpr std::uint32_t kQ4_0 = 2;
  constexpr std::uint32_t kF64 = 28;
  constexpr std::uint64_t kDimensionCount = kFirstEntry + 8 + 1;  // after name "t"
  constexpr std::uint64_t kFirstDimension = kDimensionCount + 4;
  std::vector<CorruptCase> cases;
  {
    RawGguf raw(3, 1, 0);
    raw.tensor_info(std::string(64, 'x'), {4}, kF32, 0);
    cases.push_back({"tensor_name_64_bytes", raw.bytes(), ErrorKind::invalid_data,
                     "is 64 bytes; ggml allows at most 63", kFirstEntry});
  }
  {
    RawGguf raw(3, 2, 0);
    raw.tensor_info("t", {8}, kF32, 0);
    const std::uint64_t second = raw.tensor_info("t", {8}, kF32, 32).name;
    raw.pad_to(kDefaultAlignment);
    raw.zeros(64);
    cases.push_back({"duplicate_tensor_name", raw.bytes(), ErrorKind::invalid_data,
                     "duplicate tensor name 't' (first at offset 24)", second});
  }
  cases.push_back({"zero_dimensions", one_tensor({}, kF32), ErrorKind::invalid_data,
                   "tensor 't' has 0 dimensions; ggml allows 1 to 4", kDimensionCount});
  cases.push_back({"five_dimensions", one_tensor({1, 1, 1, 1, 1}, kF32), ErrorKind::invalid_data,
                   "tensor 't' has 5 dimensions; ggml allows 1 to 4", kDimensionCount});
  cases.push_back({"zero_extent", one_tensor({4, 0}, kF32, 0, 16), ErrorKind::invalid_data,
                   "tensor 't' dimension 1 is 0", kFirstDimension + 8});
  cases.push_back({"extents_overflow",
                   one_tensor({std::uint64_t{1} << 32, std::uint64_t{1} << 32}, kF32),
                   ErrorKind::invalid_data, "tensor 't' has more than 9223372036854775807 elements",
                   kFirstDimension + 8});
  cases.push_back({"extent_past_int64", one_tensor({std::uint64_t{1} << 63}, kF32),
                   ErrorKind::invalid_data, "has more than 9223372036854775807 elements",
                   kFirstDimension});
  cases.push_back({"bytes_overflow", one_tensor({std::uint64_t{1} << 62}, kF64),
                   ErrorKind::invalid_data,
                   "of shape [4611686018427387904] and type F64 does "
                   "not fit in 64-bit sizes",
                   kFirstDimension + 8});
  cases.push_back({"retired_type_q4_2", one_tensor({32}, 4), ErrorKind::invalid_data,
                   "tensor 't' has type id 4, which ggml never assigned or has retired",
                   kFirstDimension + 8});
  cases.push_back({"unknown_type", one_tensor({32}, 1000), ErrorKind::invalid_data,
                   "has type id 1000", kFirstDimension + 8});
  cases.push_back({"row_not_whole_blocks", one_tensor({16, 2}, kQ4_0, 0, 64),
                   ErrorKind::invalid_data,
                   "tensor 't' has rows of 16 elements, not a multiple of the Q4_0 block size 32",
                   kFirstDimension + 16});
  const std::uint64_t offset_field = kFirstDimension + 8 + 4;
  cases.push_back({"misaligned_offset", one_tensor({4}, kF32, 4, 64), ErrorKind::invalid_data,
                   "tensor 't' data offset 4 is not a multiple of the alignment 32", offset_field});
  {
    RawGguf raw(3, 1, 1);
    raw.entry_u32(kAlignmentKey, 16);
    const std::uint64_t field = raw.tensor_info("t", {4}, kF32, 8).offset;
    raw.pad_to(16);
    raw.zeros(32);
    cases.push_back({"offset_misaligned_for_custom_alignment", raw.bytes(), ErrorKind::invalid_data,
                     "data offset 8 is not a multiple of the alignment 16", field});
  }
  cases.push_back({"data_past_end", one_tensor({4}, kF32, 0, 15), ErrorKind::invalid_data,
                   "tensor 't' data (16 bytes at data offset 0) runs past the end of the file "
                   "(79 bytes, data section starts at 64)",
                   offset_field});
  cases.push_back({"data_offset_past_end", one_tensor({4}, kF32, std::uint64_t{1} << 63, 64),
                   ErrorKind::invalid_data, "runs past the end of the file", offset_field});
  cases.push_back({"no_room_for_data_section", one_tensor({4}, kF32, 0, 0), ErrorKind::invalid_data,
                   "runs past the end of the file", offset_field});
  {
    RawGguf raw(3, 2, 0);
    raw.tensor_info("a", {16}, kF32, 0);
    const std::uint64_t field = raw.tensor_info("b", {8}, kF32, 32).offset;
    raw.pad_to(kDefaultAlignment);
    raw.zeros(64);
    cases.push_back({"overlapping_tensors", raw.bytes(), ErrorKind::invalid_data,
                     "tensors 'a' [0, 64) and 'b' [32, 64) overlap", field});
  }
  {
    RawGguf raw(3, 2, 0);
    const std::uint64_t field = raw.tensor_info("a", {8}, kF32, 0).offset;
    raw.tensor_info("b", {8}, kF32, 0);
    raw.pad_to(kDefaultAlignment);
    raw.zeros(32);
    cases.push_back({"tensors_at_the_same_offset", raw.bytes(), ErrorKind::invalid_data, "overlap",
                     field + 8 + 1 + 4 + 8 + 4 + 8});
  }
  return cases;
}

std::vector<CorruptCase> all_cases() {
  std::vector<CorruptCase> cases;
  for (auto part :
       {header_cases(), key_cases(), value_cases(), alignment_cases(), tensor_cases()}) {
    cases.insert(cases.end(), part.begin(), part.end());
  }
  return cases;
}

class CorruptFileTest : public ::testing::TestWithParam<CorruptCase> {};

TEST_P(CorruptFileTest, IsRejectedWithOneClearError) {
  const CorruptCase& c = GetParam();
  try {
    File::parse(c.bytes, c.limits);
    FAIL() << "parsed without error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), c.kind) << error.what();
    EXPECT_THAT(error.message(), StartsWith("gguf: "));
    EXPECT_THAT(error.message(), HasSubstr(c.message));
    if (c.offset) {
      EXPECT_THAT(error.message(), HasSubstr(fmt::format("at offset {}", *c.offset)));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Table, CorruptFileTest, ::testing::ValuesIn(all_cases()),
                         [](const auto& test_param) { return test_param.param.name; });

// A small file with every section: metadata of several kinds, two tensors.
std::vector<std::byte> small_valid_file() {
  Writer writer;
  writer.metadata().set("general.architecture", "llama");
  writer.metadata().set("flag", true);
  writer.metadata().set("names", make_string_array({"a", "bc", ""}));
  writer.metadata().set("nested", Array{ValueType::array, {make_int32_array({1, -2})}});
  writer.add_tensor("f32", {2, 3}, tensor::TensorType::f32, std::vector<std::byte>(24));
  writer.add_tensor("q8", {32}, tensor::TensorType::q8_0, std::vector<std::byte>(34));
  return writer.to_bytes();
}

TEST(TruncatedFile, EveryPrefixShorterThanTheDataIsInvalid) {
  const std::vector<std::byte> full = small_valid_file();
  const File file = File::parse(full);
  std::uint64_t data_end = 0;
  for (const TensorInfo& tensor : file.tensors()) {
    data_end = std::max(data_end, file.data_offset() + tensor.offset + tensor.size_bytes);
  }
  ASSERT_LT(data_end, full.size()) << "the last tensor should end in padding";

  for (std::size_t length = 0; length < data_end; ++length) {
    const std::span<const std::byte> prefix(full.data(), length);
    try {
      File::parse(prefix);
      ADD_FAILURE() << "a prefix of " << length << " bytes parsed";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_data) << length << ": " << error.what();
    }
  }
  // The padding after the last tensor may be cut: nothing refers to it.
  for (std::size_t length = data_end; length <= full.size(); ++length) {
    EXPECT_NO_THROW(File::parse(std::span(full.data(), length))) << length;
  }
}

TEST(TruncatedFile, OpenNamesTheFileInTheError) {
  ScratchDir scratch;
  const std::filesystem::path path = scratch / "cut.gguf";
  const std::vector<std::byte> full = small_valid_file();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  std::fwrite(full.data(), 1, 30, out);
  std::fclose(out);
  try {
    File::open(path);
    FAIL() << "a 30-byte prefix opened";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    EXPECT_THAT(error.message(), HasSubstr("at offset 8 in " + path.string()));
  }
}

TEST(MissingFile, IsNotFound) {
  ScratchDir scratch;
  try {
    File::open(scratch / "absent.gguf");
    FAIL() << "opened a file that does not exist";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

}  // namespace
}  // namespace hearth::gguf
