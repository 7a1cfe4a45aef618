// The scanner end to end: both recognizers, the lists, overlaps, offsets.
#include "hearth/privacy/scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

std::vector<std::string> describe(const std::vector<Finding>& findings) {
  std::vector<std::string> described;
  for (const Finding& finding : findings) {
    described.push_back(std::string(entity_type_name(finding.type)) + ":" + finding.text);
  }
  return described;
}

TEST(Scanner, FindsIdentifiersAndNamesInTextOrder) {
  const Scanner scanner;
  const std::string text =
      "Hi Dana Whitfield, your card 4539 1488 0343 6467 is linked to "
      "dana.whitfield@orchardlane.io; call (415) 555-0132.";
  const std::vector<Finding> findings = scanner.scan(text);
  EXPECT_EQ(
      describe(findings),
      (std::vector<std::string>{"PERSON:Dana Whitfield", "CREDIT_CARD:4539 1488 0343 6467",
                                "EMAIL:dana.whitfield@orchardlane.io", "PHONE:(415) 555-0132"}));
  for (const Finding& finding : findings) {
    EXPECT_EQ(text.substr(finding.byte_begin, finding.byte_end - finding.byte_begin), finding.text);
    EXPECT_GE(finding.confidence, 0.5f);
    EXPECT_FALSE(finding.recognizer.empty());
  }
}

TEST(Scanner, CharacterOffsetsCountCodePoints) {
  ScannerOptions options;
  options.detect_names = false;
  const Scanner scanner(options);
  const std::string text = "Zoë → zoe@mail.io";
  const std::vector<Finding> findings = scanner.scan(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].byte_begin, 9u);
  EXPECT_EQ(findings[0].char_begin, 6u);
  EXPECT_EQ(findings[0].char_end, 17u);
}

TEST(Scanner, NamesNeverOverlapValidatedIdentifiers) {
  const Scanner scanner;
  const std::vector<Finding> findings =
      scanner.scan("Contact Ravi Shankar at ravi.shankar@tatapower.example.com today.");
  for (const Finding& finding : findings) {
    if (finding.type == EntityType::email) continue;
    EXPECT_EQ(finding.text.find('@'), std::string::npos) << finding.text;
  }
}

TEST(Scanner, AllowListSilencesAValue) {
  ScannerOptions options;
  options.detect_names = false;
  options.allow_list = {"Support@Orchardlane.io"};
  const Scanner scanner(options);
  EXPECT_EQ(describe(scanner.scan("write support@orchardlane.io or kai@reef.dev")),
            (std::vector<std::string>{"EMAIL:kai@reef.dev"}));
}

TEST(Scanner, DenyListOutranksRecognizers) {
  ScannerOptions options;
  options.detect_names = false;
  options.deny_list = {{"Project Nightjar", EntityType::organization},
                       {"kai@reef.dev", EntityType::person}};
  const Scanner scanner(options);
  const std::vector<Finding> findings = scanner.scan("project nightjar: ask kai@reef.dev");
  EXPECT_EQ(describe(findings),
            (std::vector<std::string>{"ORGANIZATION:project nightjar", "PERSON:kai@reef.dev"}));
  EXPECT_EQ(findings[1].confidence, 1.0f);
  EXPECT_EQ(findings[1].recognizer, "deny_list");
}

TEST(Scanner, MinimumConfidenceFilters) {
  ScannerOptions strict;
  strict.detect_names = false;
  strict.min_confidence = 1.0f;
  EXPECT_TRUE(Scanner(strict).scan("mail kai@reef.dev").empty());
  ScannerOptions invalid;
  invalid.min_confidence = 1.5f;
  EXPECT_THROW(Scanner{invalid}, Error);
}

TEST(Scanner, DefaultRegionReadsNationalNumbers) {
  ScannerOptions options;
  options.detect_names = false;
  options.default_region = "GB";
  const std::vector<Finding> findings = Scanner(options).scan("ring me on 020 7946 0958");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, EntityType::phone);
  EXPECT_EQ(findings[0].normalized, "+442079460958");
}

TEST(Scanner, AnyBytesAreAccepted) {
  const Scanner scanner;
  std::string text("\0\xFF\xC3 mail kai@reef.dev \xED\xA0\x80", 25);
  text += std::string(2 << 20, 'x');  // a 2 MiB line
  text += " 4539 1488 0343 6467";
  const std::vector<Finding> findings = scanner.scan(text);
  EXPECT_EQ(describe(findings),
            (std::vector<std::string>{"EMAIL:kai@reef.dev", "CREDIT_CARD:4539 1488 0343 6467"}));
  EXPECT_TRUE(scanner.scan("").empty());
}

TEST(Scanner, ThreadsShareOneScanner) {
  const Scanner scanner;
  const std::string text =
      "Dana Whitfield <dana@orchardlane.io>, +44 20 7946 0958, IBAN DE89 3704 0044 0532 0130 00";
  const std::vector<std::string> expected = describe(scanner.scan(text));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) mismatches[t] += describe(scanner.scan(text)) != expected;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace hearth::privacy
