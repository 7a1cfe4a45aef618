#include <gtest/gtest.h>

#include <vector>

#include "hearth/http/server.h"

namespace hearth::http {
namespace {

TEST(Headers, FindsTheFirstMatchIgnoringCase) {
  const std::vector<Header> headers{{"Content-Type", "a"}, {"X-Two", "1"}, {"x-two", "2"}};
  EXPECT_EQ(find_header(headers, "content-type"), "a");
  EXPECT_EQ(find_header(headers, "X-TWO"), "1");
  EXPECT_FALSE(find_header(headers, "X-Three").has_value());
  EXPECT_FALSE(find_header(headers, "Content-Typ").has_value());
}

TEST(Headers, NamesStatusCodes) {
  EXPECT_EQ(status_reason(200), "OK");
  EXPECT_EQ(status_reason(404), "Not Found");
  EXPECT_EQ(status_reason(413), "Content Too Large");
  EXPECT_EQ(status_reason(431), "Request Header Fields Too Large");
  EXPECT_EQ(status_reason(503), "Service Unavailable");
  EXPECT_EQ(status_reason(505), "HTTP Version Not Supported");
  EXPECT_EQ(status_reason(299), "Unknown");
  EXPECT_EQ(status_reason(-1), "Unknown");
}

}  // namespace
}  // namespace hearth::http
