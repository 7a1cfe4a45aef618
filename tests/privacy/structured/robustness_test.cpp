// Any bytes in, no crash, no quadratic time: invalid UTF-8, NUL bytes,
// megabyte lines, inputs built to make one anchor re-scan the text; and the
// same answers from several threads at once.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

const std::string kMixed =
    "From: Dana <dana.whitfield@orchardlane.io>\n"
    "Call +44 20 7946 0958 or (415) 555-0132. Card 4104 3321 8196 0018, SSN 536-22-1847.\n"
    "IBAN DE64 1002 0030 0400 5006 00, host 10.0.0.12, mac 00:1a:2b:3c:4d:5e\n"
    "https://admin:T7r!cky@db.orchardlane.io/app DOB: 1985-03-14 password=hunter2\n"
    "ghp_oe5c3veGprQFnIiU74KKEpYEZAmggQBwBAD3 client_secret=uQg2kvASFsQ8z0WJcDfuquhXz3G0aQ3I\n";

std::vector<std::tuple<EntityType, std::size_t, std::size_t>> spans(const Detections& detections) {
  std::vector<std::tuple<EntityType, std::size_t, std::size_t>> result;
  for (const Detection& d : detections) result.emplace_back(d.type, d.begin, d.end);
  return result;
}

std::vector<std::pair<EntityType, std::string>> typed_texts(std::string_view text) {
  std::vector<std::pair<EntityType, std::string>> result;
  for (const Detection& d : find_all(text))
    result.emplace_back(d.type, std::string(text.substr(d.begin, d.end - d.begin)));
  return result;
}

TEST(Robustness, FindsTheSameBetweenInvalidUtf8AndNulBytes) {
  const std::string noise("\xff\xc3\x28\x00\xed\xa0\x80", 7);
  std::string noisy = noise;
  for (char c : kMixed) {
    noisy.push_back(c);
    if (c == '\n') noisy += noise;
  }
  const auto clean = typed_texts(kMixed);
  ASSERT_GE(clean.size(), 14u);
  EXPECT_EQ(typed_texts(noisy), clean);
}

TEST(Robustness, ValuesCutByInvalidBytesStayWithinTheText) {
  std::string noisy = kMixed;
  for (std::size_t at = noisy.size(); at > 0; at -= std::min<std::size_t>(at, 37))
    noisy.insert(at, std::string("\xff\xc3\x28\x00\xed\xa0\x80", 7));
  for (const Detection& d : find_all(noisy)) {
    EXPECT_LT(d.begin, d.end);
    EXPECT_LE(d.end, noisy.size());
    EXPECT_GE(d.confidence, 0.0f);
    EXPECT_LE(d.confidence, 1.0f);
  }
}

TEST(Robustness, SurvivesEveryByteValue) {
  std::string bytes;
  for (int repeat = 0; repeat < 64; ++repeat)
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>((b * 31 + repeat) & 0xFF));
  EXPECT_NO_THROW(find_all(bytes));
  EXPECT_NO_THROW(find_all(""));
  EXPECT_NO_THROW(find_all(std::string(1, '\0')));
}

// One line of ten megabytes, made of stretches built so that a careless
// grower would rescan the rest of the line from each anchor in them. It must
// finish; ctest's timeout catches a quadratic regression without the test
// asserting on time.
TEST(Robustness, TenMegabyteHostileLineStaysLinear) {
  const std::size_t stretch = std::size_t{1} << 20;
  std::string line;
  for (std::string_view unit :
       {std::string_view("http://"), std::string_view("www."),
        std::string_view("-----BEGIN PRIVATE KEY-----"), std::string_view("eyJhbGciOiJIUzI1NiJ9."),
        std::string_view(":"), std::string_view("a@"), std::string_view("1-"),
        std::string_view("1 "), std::string_view("password="), std::string_view("key="),
        std::string_view("DOB ")}) {
    const std::size_t stretch_end = line.size() + stretch;
    while (line.size() < stretch_end) line += unit;
  }
  Detections out;
  EXPECT_NO_THROW(shared_recognizer().find(line, out));
  for (const Detection& d : out) EXPECT_LE(d.end, line.size());
  // One URL of ten megabytes is one URL.
  const std::string url = "https://orchardlane.io/" + std::string(std::size_t{10} << 20, 'a');
  EXPECT_EQ(found_texts(url, EntityType::url).size(), 1u);
}

TEST(Robustness, ConcurrentScansAgreeWithASingleThread) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += kMixed;
  const auto expected = spans(find_all(text));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(6, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round)
        if (spans(find_all(text)) != expected) ++mismatches[t];
    });
  }
  for (auto& thread : threads) thread.join();
  for (int mismatch : mismatches) EXPECT_EQ(mismatch, 0);
}

}  // namespace
}  // namespace hearth::privacy::test
