// `hearth pull` and `hearth models` as a user runs them, against the fake
// hub, and pulled models named in -m.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hub_test_fixture.h"
#include "run_hearth.h"

namespace hearth::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

constexpr const char* kRepo = "acme/Tiny-GGUF";

class HubCommands : public HubTest {
 protected:
  HubCommands() {
    content_ = pseudo_random_content(200'000, 4);
    hub_.add_repo(kRepo, {{"tiny-Q4_K_M.gguf", content_}, {"tiny-Q8_0.gguf", "eight"}});
  }

  fs::path pulled_path() const { return models() / kRepo / "tiny-Q4_K_M.gguf"; }

  std::string content_;
};

TEST_F(HubCommands, PullPrintsThePathAndProgress) {
  const CommandResult result = run_hearth({"pull", kRepo});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, pulled_path().string() + "\n");
  EXPECT_EQ(read_file(pulled_path()), content_);
  EXPECT_THAT(result.err, HasSubstr("pulling acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(result.err, HasSubstr("100%"));  // stderr is a file: one line per tenth
  EXPECT_THAT(result.err, HasSubstr("pulled acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(result.err, ::testing::Not(HasSubstr("\r")));

  const CommandResult again = run_hearth({"pull", "--quiet", kRepo});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, pulled_path().string() + "\n");
  EXPECT_EQ(again.err, "");
}

TEST_F(HubCommands, PullResumesAfterADroppedConnection) {
  hub_.drop_first_download_after(50'000);
  const CommandResult result = run_hearth({"pull", "acme/Tiny-GGUF:Q4_K_M"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(pulled_path()), content_);
  EXPECT_THAT(result.err, HasSubstr("retrying"));
  ASSERT_EQ(hub_.downloads().size(), 2u);
  EXPECT_EQ(hub_.downloads()[1].range, "bytes=50000-");
}

TEST_F(HubCommands, PullFailures) {
  CommandResult result = run_hearth({"pull", "acme/Tiny-GGUF:missing.gguf"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("missing.gguf"));
  EXPECT_THAT(result.err, HasSubstr("tiny-Q8_0.gguf"));

  result = run_hearth({"pull", "acme/Unknown"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("repository acme/Unknown not found"));

  hub_.add_repo("acme/Bad", {{"bad.gguf", "contents", FakeFile::Hash::wrong}});
  result = run_hearth({"pull", "acme/Bad"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("failed its SHA-256 check"));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());

  EXPECT_EQ(run_hearth({"pull", "not-a-repo"}).exit_code, 2);
  EXPECT_EQ(run_hearth({"pull"}).exit_code, 2);
}

TEST_F(HubCommands, PullWithoutNetwork) {
  std::uint16_t closed_port = 0;
  {
    const FakeHub gone;
    closed_port = gone.port();
  }
  environment_.set("HF_ENDPOINT", "http://127.0.0.1:" + std::to_string(closed_port));
  const CommandResult result = run_hearth({"pull", kRepo});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("hearth: cannot reach 127.0.0.1:"));
  EXPECT_THAT(result.err, HasSubstr("— is the network up?"));
  EXPECT_EQ(result.out, "");
}

TEST_F(HubCommands, ListVerifyRemove) {
  CommandResult result = run_hearth({"models", "list"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, HasSubstr("no models in " + models().string()));

  ASSERT_EQ(run_hearth({"pull", "-q", kRepo}).exit_code, 0);
  ASSERT_EQ(run_hearth({"pull", "-q", "acme/Tiny-GGUF:tiny-Q8_0.gguf"}).exit_code, 0);

  result = run_hearth({"models", "list"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("NAME"));
  EXPECT_THAT(result.out, HasSubstr("acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(result.out, HasSubstr(pulled_path().string()));

  result = run_hearth({"models", "list", "--json"});
  EXPECT_EQ(result.exit_code, 0);
  const nlohmann::json list = nlohmann::json::parse(result.out);
  EXPECT_EQ(list["models_directory"], models().string());
  ASSERT_EQ(list["models"].size(), 2u);
  EXPECT_EQ(list["models"][0]["name"], "acme/Tiny-GGUF:tiny-Q4_K_M.gguf");
  EXPECT_EQ(list["models"][0]["size"], content_.size());
  EXPECT_EQ(list["models"][0]["sha256"], sha256_hex(content_));

  result = run_hearth({"models", "verify"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("ok        acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));

  std::string damaged = content_;
  damaged[1000] = static_cast<char>(damaged[1000] ^ 0x40);
  write_file(pulled_path(), damaged);
  result = run_hearth({"models", "verify", "tiny-Q4_K_M"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("MISMATCH  acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(result.out, HasSubstr(sha256_hex(damaged)));
  EXPECT_EQ(run_hearth({"models", "verify", "tiny-Q8_0"}).exit_code, 0);

  result = run_hearth({"models", "rm", "acme/Tiny-GGUF"});  // two models: which?
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("could mean 2 models"));

  result = run_hearth({"models", "rm", "tiny-Q4_K_M", "acme/Tiny-GGUF:q8_0"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("removed acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());
  EXPECT_FALSE(fs::exists(models() / "acme"));

  result = run_hearth({"models", "rm", "tiny-Q4_K_M"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("no model named 'tiny-Q4_K_M'"));
  EXPECT_EQ(run_hearth({"models"}).exit_code, 2);
  EXPECT_EQ(run_hearth({"models", "rm"}).exit_code, 2);
}

TEST_F(HubCommands, ModelsPath) {
  const CommandResult result = run_hearth({"models", "path"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, models().string() + "\n");
}

TEST_F(HubCommands, APulledModelIsNamedInsteadOfAPath) {
  const fs::path vocab = vocab_path("bert-bge");
  hub_.add_repo("ggml/Vocab", {{"ggml-vocab-bert-bge.gguf", read_file(vocab)}});
  ASSERT_EQ(run_hearth({"pull", "-q", "ggml/Vocab"}).exit_code, 0);

  const CommandResult by_path = run_hearth({"tokenize", "-m", vocab.string(), "Hello world"});
  ASSERT_EQ(by_path.exit_code, 0) << by_path.err;
  for (const char* name :
       {"ggml/Vocab", "ggml/Vocab:ggml-vocab-bert-bge.gguf", "ggml-vocab-bert-bge", "Vocab"}) {
    const CommandResult by_name = run_hearth({"tokenize", "-m", name, "Hello world"});
    EXPECT_EQ(by_name.exit_code, 0) << name << ": " << by_name.err;
    EXPECT_EQ(by_name.out, by_path.out) << name;
  }
  const CommandResult inspect = run_hearth({"inspect", "ggml/Vocab", "--json"});
  EXPECT_EQ(inspect.exit_code, 0) << inspect.err;

  const CommandResult unknown = run_hearth({"tokenize", "-m", "acme/Nothing", "x"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("`hearth pull acme/Nothing`"));
  // A usage error is still reported as one, before any name is looked up.
  EXPECT_EQ(run_hearth({"tokenize", "-m", "acme/Nothing", "--ids", "--pieces", "x"}).exit_code, 2);
}

}  // namespace
}  // namespace hearth::testing
