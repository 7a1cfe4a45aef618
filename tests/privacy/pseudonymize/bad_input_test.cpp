// Bytes that are not tidy text: invalid UTF-8, NUL bytes, a line of
// megabytes, whole texts of megabytes. All must work like any other text.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "findings_for_tests.h"
#include "hearth/privacy/pseudonymize.h"

namespace hearth::privacy {
namespace {

using testing::finding_of;
using namespace std::string_literals;

constexpr std::size_t kMegabytes8 = std::size_t{8} << 20;

TEST(BadInput, InvalidUtf8AndNulBytesRoundTrip) {
  const std::string text = "\xFF\xFE name: Al\0ice \xC3 mail: x\xE2\x82@y.z \xED\xA0\x80 end"s;
  const std::vector<Finding> findings = {
      finding_of(text, std::string_view("Al\0ice", 6), EntityType::person),
      finding_of(text, "x\xE2\x82@y.z", EntityType::email),
  };
  Vault vault;
  const Pseudonymized result = pseudonymize(text, findings, Policy(), vault);
  EXPECT_EQ(result.text,
            std::string("\xFF\xFE name: <PERSON_1> \xC3 mail: <EMAIL_1> \xED\xA0\x80 end"));
  EXPECT_EQ(restore(result.text, vault), text);
}

TEST(BadInput, EveryOperatorAcceptsAnyBytes) {
  std::mt19937 random(3);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const Operator op :
       {Operator::placeholder, Operator::mask, Operator::hash, Operator::drop, Operator::allow}) {
    Policy policy;
    policy.set_all(op);
    policy.set_hash_key(std::string("k\0\xFF", 3));
    std::string text;
    for (int i = 0; i < 4096; ++i) text += static_cast<char>(byte(random));
    std::vector<Finding> findings;
    for (std::size_t at = 0; at + 20 < text.size(); at += 40) {
      Finding finding;
      finding.type = static_cast<EntityType>(at % kEntityTypeCount);
      finding.byte_begin = at;
      finding.byte_end = at + 1 + at % 19;
      findings.push_back(finding);
    }
    Vault vault;
    const Pseudonymized result = pseudonymize(text, findings, policy, vault);
    EXPECT_EQ(result.replacements.size(), op == Operator::allow ? 0 : findings.size());
    if (op == Operator::placeholder) {
      EXPECT_EQ(restore(result.text, vault), text);
    }
  }
}

TEST(BadInput, EightMegabytesWithAFindingEveryHundredBytes) {
  std::string text;
  text.reserve(kMegabytes8 + 128);
  std::vector<Finding> findings;
  for (std::size_t i = 0; text.size() < kMegabytes8; ++i) {
    text += "Customer ";
    const std::string name = "Name" + std::to_string(i % 5000);
    Finding finding;
    finding.type = EntityType::person;
    finding.byte_begin = text.size();
    text += name;
    finding.byte_end = text.size();
    findings.push_back(std::move(finding));
    text += " asked about an order that has not arrived yet, again and again.\n";
  }
  Vault vault;
  const Pseudonymized result = pseudonymize(text, findings, Policy(), vault);
  EXPECT_EQ(vault.size(), 5000u);
  EXPECT_EQ(restore(result.text, vault), text);

  StreamRestorer restorer(vault);
  std::string streamed;
  for (std::size_t at = 0; at < result.text.size(); at += 4093) {
    streamed += restorer.push(std::string_view(result.text).substr(at, 4093));
  }
  streamed += restorer.finish();
  EXPECT_EQ(streamed, text);
}

// Every '<' starts a candidate here, the worst case for restoration's work
// per byte; two megabytes show it stays linear without slowing the
// sanitizer builds down.
TEST(BadInput, MegabytesOfPlaceholderBeginnings) {
  constexpr std::size_t kMegabytes2 = std::size_t{2} << 20;
  Vault vault;
  vault.placeholder_for(EntityType::person, "Alice");
  for (const std::string_view unit : {"<", "< ", "<PERSON_", "<person_1 ", "<PERSON_1>"}) {
    std::string text;
    text.reserve(kMegabytes2 + unit.size());
    while (text.size() < kMegabytes2) text += unit;
    const std::string restored = restore(text, vault);
    if (unit == "<PERSON_1>") {
      EXPECT_EQ(restored.size(), text.size() / unit.size() * 5);
    } else {
      EXPECT_EQ(restored, text) << unit;
    }
    StreamRestorer restorer(vault);
    std::string streamed = restorer.push(text);
    streamed += restorer.finish();
    EXPECT_EQ(streamed, restored) << unit;
  }
}

TEST(BadInput, OneLineOfEightMegabytes) {
  Vault vault;
  vault.placeholder_for(EntityType::api_key, "sk-123");
  std::string text(kMegabytes8, 'a');
  text.replace(kMegabytes8 / 2, 11, "<API_KEY_1>");
  std::string expected = text;
  expected.replace(kMegabytes8 / 2, 11, "sk-123");
  EXPECT_EQ(restore(text, vault), expected);
  StreamRestorer restorer(vault);
  std::string streamed;
  for (std::size_t at = 0; at < text.size(); at += 1 << 20) {
    streamed += restorer.push(std::string_view(text).substr(at, 1 << 20));
  }
  streamed += restorer.finish();
  EXPECT_EQ(streamed, expected);
}

}  // namespace
}  // namespace hearth::privacy
