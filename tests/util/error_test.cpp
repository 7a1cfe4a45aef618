#include "hearth/util/error.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

TEST(Error, RaiseFormatsMessageAndKeepsKind) {
  try {
    raise(ErrorKind::invalid_data, "bad {} at offset {}", "magic", 0);
    FAIL() << "raise returned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    EXPECT_STREQ(error.what(), "bad magic at offset 0");
  }
}

TEST(Error, EveryKindHasAName) {
  for (auto kind :
       {ErrorKind::invalid_argument, ErrorKind::invalid_data, ErrorKind::io, ErrorKind::not_found,
        ErrorKind::unsupported, ErrorKind::resource_exhausted, ErrorKind::internal}) {
    EXPECT_NE(error_kind_name(kind), "unknown error");
  }
}

}  // namespace
}  // namespace hearth
