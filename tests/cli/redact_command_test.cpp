// `hearth redact` run as a user would: redaction, policies, the vault and
// restoration, the lists, and the evaluation report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_hearth.h"

namespace hearth::testing {
namespace {

namespace fs = std::filesystem;

class RedactCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        fs::temp_directory_path() /
        ("hearth-redact-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
    write("passphrase", "correct horse battery staple\n");
  }
  void TearDown() override { fs::remove_all(folder_); }

  std::string write(const std::string& name, const std::string& contents) {
    const fs::path path = folder_ / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path.string();
  }
  std::string path(const std::string& name) const { return (folder_ / name).string(); }

  fs::path folder_;
};

const std::string kMessage =
    "Hi, please email dana.whitfield@orchardlane.io or call (415) 555-0132 about card "
    "4539 1488 0343 6467.\n";

TEST_F(RedactCommand, ReplacesFindingsWithPlaceholders) {
  const CommandResult result = run_hearth({"redact", "--no-names"}, kMessage);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "Hi, please email <EMAIL_1> or call <PHONE_1> about card <CREDIT_CARD_1>.\n");
}

TEST_F(RedactCommand, ReadsAFile) {
  const CommandResult result = run_hearth({"redact", "--no-names", write("in.txt", kMessage)});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("<EMAIL_1>"), std::string::npos);
}

TEST_F(RedactCommand, MissingFileFails) {
  const CommandResult result = run_hearth({"redact", path("absent.txt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("absent.txt"), std::string::npos);
}

TEST_F(RedactCommand, JsonListsFindingsWithOffsets) {
  const CommandResult result = run_hearth({"redact", "--no-names", "--json"}, "Zoë: zoe@mail.io");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json output = nlohmann::json::parse(result.out);
  EXPECT_EQ(output["text"], "Zoë: <EMAIL_1>");
  ASSERT_EQ(output["findings"].size(), 1u);
  const nlohmann::json& finding = output["findings"][0];
  EXPECT_EQ(finding["type"], "EMAIL");
  EXPECT_EQ(finding["text"], "zoe@mail.io");
  EXPECT_EQ(finding["byte_start"], 6);
  EXPECT_EQ(finding["char_start"], 5);
  EXPECT_EQ(finding["char_end"], 16);
  EXPECT_EQ(finding["operator"], "placeholder");
  EXPECT_EQ(finding["replacement"], "<EMAIL_1>");
  EXPECT_GT(finding["confidence"].get<double>(), 0.5);
  EXPECT_FALSE(finding["recognizer"].get<std::string>().empty());
}

TEST_F(RedactCommand, PolicyChoosesOperators) {
  const std::string policy =
      write("policy.json", R"({"entities": {"EMAIL": "allow", "CREDIT_CARD": "mask"}})");
  const CommandResult result = run_hearth({"redact", "--no-names", "--policy", policy}, kMessage);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("dana.whitfield@orchardlane.io"), std::string::npos);
  EXPECT_NE(result.out.find("6467"), std::string::npos);
  EXPECT_EQ(result.out.find("4539"), std::string::npos);
  EXPECT_NE(result.out.find("<PHONE_1>"), std::string::npos);
}

TEST_F(RedactCommand, BadPolicyIsAClearError) {
  const std::string policy = write("policy.json", R"({"entities": {"EMAIL": "shred"}})");
  const CommandResult result = run_hearth({"redact", "--policy", policy}, kMessage);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("shred"), std::string::npos) << result.err;
}

TEST_F(RedactCommand, VaultRestoresTheAnswerIncludingAlteredCase) {
  const std::string vault = path("conversation.vault");
  const CommandResult redacted = run_hearth(
      {"redact", "--no-names", "--vault", vault, "--passphrase-file", path("passphrase")},
      kMessage);
  ASSERT_EQ(redacted.exit_code, 0) << redacted.err;
  EXPECT_EQ(redacted.out.find("orchardlane"), std::string::npos);
  EXPECT_EQ(fs::status(vault).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // The vault file holds no value in the clear.
  std::ifstream in(vault, std::ios::binary);
  const std::string sealed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(sealed.find("orchardlane"), std::string::npos);

  const CommandResult restored =
      run_hearth({"redact", "--restore", vault, "--passphrase-file", path("passphrase")},
                 "I wrote to <email_1> and called < PHONE_1 >; <PERSON_7> is unknown.");
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out,
            "I wrote to dana.whitfield@orchardlane.io and called (415) 555-0132; <PERSON_7> is "
            "unknown.");
}

TEST_F(RedactCommand, WrongPassphraseIsRefused) {
  const std::string vault = path("conversation.vault");
  ASSERT_EQ(
      run_hearth({"redact", "--vault", vault, "--passphrase-file", path("passphrase")}, kMessage)
          .exit_code,
      0);
  const CommandResult restored =
      run_hearth({"redact", "--restore", vault, "--passphrase-file", write("wrong", "tr0ub4dor")},
                 "<EMAIL_1>");
  EXPECT_EQ(restored.exit_code, 1);
  EXPECT_NE(restored.err.find("passphrase"), std::string::npos) << restored.err;
  EXPECT_TRUE(restored.out.empty());
}

TEST_F(RedactCommand, VaultWithoutPassphraseFailsBeforeReading) {
  const CommandResult result = run_hearth({"redact", "--vault", path("v")}, kMessage);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("HEARTH_VAULT_PASSPHRASE"), std::string::npos);
  EXPECT_FALSE(fs::exists(path("v")));
}

TEST_F(RedactCommand, DenyAndAllowLists) {
  const CommandResult result =
      run_hearth({"redact", "--no-names", "--deny", "ORGANIZATION:Project Falcon", "--allow",
                  "dana.whitfield@orchardlane.io"},
                 "project falcon: " + kMessage);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("<ORGANIZATION_1>: ", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("dana.whitfield@orchardlane.io"), std::string::npos);
}

TEST_F(RedactCommand, MalformedDenyEntryIsRefused) {
  const CommandResult result = run_hearth({"redact", "--deny", "NOPE:x"}, "text");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("NOPE:x"), std::string::npos);
}

TEST_F(RedactCommand, BinaryInputPassesThrough) {
  constexpr char kInput[] = "a\0b\xFF\xC3 mail me: x@y.io\n";
  constexpr char kExpected[] = "a\0b\xFF\xC3 mail me: <EMAIL_1>\n";
  const std::string input(kInput, sizeof kInput - 1);
  const CommandResult result = run_hearth({"redact", "--no-names"}, input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, std::string(kExpected, sizeof kExpected - 1));
}

TEST_F(RedactCommand, EvaluationReportsEveryLabeledType) {
  const std::string corpus = write(
      "corpus.jsonl",
      R"({"id":"a","genre":"email","text":"Write to kai@reef.dev today.","entities":[{"type":"EMAIL","text":"kai@reef.dev"}]})"
      "\n"
      R"({"id":"b","genre":"log","text":"build 4.2.1 done","entities":[]})"
      "\n");
  const CommandResult table = run_hearth({"redact", "--eval", "--no-names", "--corpus", corpus});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("EMAIL"), std::string::npos);
  EXPECT_NE(table.out.find("2 snippets"), std::string::npos);

  const CommandResult json =
      run_hearth({"redact", "--eval", "--no-names", "--json", "--verbose", "--corpus", corpus});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["snippets"], 2);
  EXPECT_EQ(report["types"]["EMAIL"]["labeled"], 1);
  EXPECT_DOUBLE_EQ(report["types"]["EMAIL"]["exact"]["recall"].get<double>(), 1.0);
  EXPECT_TRUE(report["mistakes"].is_array());
}

TEST_F(RedactCommand, EvaluationOfAMalformedCorpusNamesTheLine) {
  const std::string corpus = write("bad.jsonl", "{\"id\": 1}\n");
  const CommandResult result = run_hearth({"redact", "--eval", "--corpus", corpus});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bad.jsonl:1"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace hearth::testing
