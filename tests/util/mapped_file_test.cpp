#include "hearth/util/mapped_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth {
namespace {

TEST(MappedFile, MapsContentsWithoutCopying) {
  testing::ScratchDir dir;
  { std::ofstream(dir / "data.bin", std::ios::binary) << "hello"; }
  MappedFile file = MappedFile::open(dir / "data.bin");
  ASSERT_EQ(file.size(), 5u);
  EXPECT_EQ(static_cast<char>(file.bytes()[0]), 'h');

  MappedFile moved = std::move(file);
  EXPECT_EQ(moved.size(), 5u);
  EXPECT_EQ(file.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
}

TEST(MappedFile, EmptyFileIsEmptySpan) {
  testing::ScratchDir dir;
  { std::ofstream(dir / "empty.bin"); }
  EXPECT_TRUE(MappedFile::open(dir / "empty.bin").bytes().empty());
}

TEST(MappedFile, MissingFileIsNotFound) {
  testing::ScratchDir dir;
  try {
    MappedFile::open(dir / "absent.gguf");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
    EXPECT_NE(std::string(error.what()).find("absent.gguf"), std::string::npos);
  }
}

TEST(MappedFile, DirectoryIsAnIoError) {
  testing::ScratchDir dir;
  try {
    MappedFile::open(dir.path());
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::io);
  }
}

}  // namespace
}  // namespace hearth
