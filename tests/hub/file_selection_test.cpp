#include "hearth/hub/file_selection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "hearth/util/error.h"

namespace hearth::testing {
namespace {

using ::testing::HasSubstr;

std::vector<hub::RepoFile> files(std::initializer_list<const char*> paths) {
  std::vector<hub::RepoFile> result;
  for (const char* path : paths) result.push_back({path, 1024, std::string(64, 'a')});
  return result;
}

// The message of the Error `select` throws, and its kind.
template <typename Select>
std::pair<ErrorKind, std::string> error_of(Select select) {
  try {
    select();
  } catch (const Error& error) {
    return {error.kind(), error.message()};
  }
  ADD_FAILURE() << "no error";
  return {ErrorKind::internal, ""};
}

TEST(FileSelection, TheOnlyGgufOfARepository) {
  const auto repo = files({"README.md", ".gitattributes", "model-q8_0.gguf"});
  EXPECT_EQ(hub::select_gguf_file(repo, "o/r", std::nullopt).path, "model-q8_0.gguf");
}

TEST(FileSelection, PrefersQ4KMAmongSeveral) {
  const auto repo = files({"m-Q8_0.gguf", "m-Q4_K_M.gguf", "m-Q4_K_S.gguf"});
  EXPECT_EQ(hub::select_gguf_file(repo, "o/r", std::nullopt).path, "m-Q4_K_M.gguf");
}

TEST(FileSelection, SeveralWithoutQ4KMListsThem) {
  const auto repo = files({"m-Q8_0.gguf", "m-F16.gguf"});
  const auto [kind, message] = error_of([&] { hub::select_gguf_file(repo, "o/r", std::nullopt); });
  EXPECT_EQ(kind, ErrorKind::invalid_argument);
  EXPECT_THAT(message, HasSubstr("m-Q8_0.gguf"));
  EXPECT_THAT(message, HasSubstr("m-F16.gguf"));
  EXPECT_THAT(message, HasSubstr("o/r:FILE"));
}

TEST(FileSelection, RequestedByPathWithOrWithoutExtension) {
  const auto repo = files({"m-Q8_0.gguf", "sub/m-F16.gguf"});
  EXPECT_EQ(hub::select_gguf_file(repo, "o/r", "sub/m-F16.gguf").path, "sub/m-F16.gguf");
  EXPECT_EQ(hub::select_gguf_file(repo, "o/r", "m-Q8_0").path, "m-Q8_0.gguf");
}

TEST(FileSelection, RequestedByQuantizationTag) {
  const auto repo = files({"m-Q8_0.gguf", "m-Q4_K_M.gguf", "m-Q4_K_S.gguf"});
  EXPECT_EQ(hub::select_gguf_file(repo, "o/r", "q8_0").path, "m-Q8_0.gguf");
  const auto [kind, message] = error_of([&] { hub::select_gguf_file(repo, "o/r", "Q4_K"); });
  EXPECT_EQ(kind, ErrorKind::invalid_argument);
  EXPECT_THAT(message, HasSubstr("m-Q4_K_S.gguf"));
}

TEST(FileSelection, MissingFileIsNotFoundAndListsWhatIsThere) {
  const auto repo = files({"m-Q8_0.gguf", "README.md"});
  const auto [kind, message] = error_of([&] { hub::select_gguf_file(repo, "o/r", "other.gguf"); });
  EXPECT_EQ(kind, ErrorKind::not_found);
  EXPECT_THAT(message, HasSubstr("other.gguf"));
  EXPECT_THAT(message, HasSubstr("m-Q8_0.gguf"));
  // Only GGUF files can be pulled.
  EXPECT_EQ(error_of([&] { hub::select_gguf_file(repo, "o/r", "README.md"); }).first,
            ErrorKind::not_found);
  EXPECT_EQ(error_of([&] { hub::select_gguf_file(files({"a.bin"}), "o/r", std::nullopt); }).first,
            ErrorKind::not_found);
}

}  // namespace
}  // namespace hearth::testing
