// The text forms of durations and sizes.
#include "value_text.h"

#include <gtest/gtest.h>

namespace hearth::config::detail {
namespace {

TEST(DurationText, UnitsAndFractions) {
  EXPECT_EQ(parse_duration_text("500ms"), 500.0);
  EXPECT_EQ(parse_duration_text("30s"), 30'000.0);
  EXPECT_EQ(parse_duration_text("1.5s"), 1'500.0);
  EXPECT_EQ(parse_duration_text("10m"), 600'000.0);
  EXPECT_EQ(parse_duration_text("2h"), 7'200'000.0);
  EXPECT_EQ(parse_duration_text("7d"), 604'800'000.0);
  EXPECT_EQ(parse_duration_text("0"), 0.0);
}

TEST(DurationText, Refused) {
  for (const char* text : {"", "s", "30", "-1s", "1.s", ".5s", "1e3s", "30 s", "30sec", "30S",
                           "infs", "nanms", "1h30m"}) {
    EXPECT_FALSE(parse_duration_text(text)) << text;
  }
}

TEST(SizeText, UnitsAndFractions) {
  EXPECT_EQ(parse_size_text("512"), 512.0);
  EXPECT_EQ(parse_size_text("512B"), 512.0);
  EXPECT_EQ(parse_size_text("64KiB"), 65'536.0);
  EXPECT_EQ(parse_size_text("8MiB"), 8.0 * 1024 * 1024);
  EXPECT_EQ(parse_size_text("8 MiB"), 8.0 * 1024 * 1024);
  EXPECT_EQ(parse_size_text("1.5GiB"), 1.5 * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_size_text("1TiB"), 1024.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_size_text("100KB"), 1e5);
  EXPECT_EQ(parse_size_text("100MB"), 1e8);
  EXPECT_EQ(parse_size_text("2GB"), 2e9);
  EXPECT_EQ(parse_size_text("1TB"), 1e12);
}

TEST(SizeText, Refused) {
  for (const char* text : {"", "MiB", "8mib", "8 ", "8  MiB", "-8MiB", "8MiB ", "8Mi", "1e3"}) {
    EXPECT_FALSE(parse_size_text(text)) << text;
  }
}

}  // namespace
}  // namespace hearth::config::detail
