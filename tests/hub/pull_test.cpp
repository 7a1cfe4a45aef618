// `hearth pull` against the fake hub: fresh downloads, resumption after a
// dropped connection or an earlier run, hash failures and the hub's errors.
#include "hearth/hub/pull.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <stop_token>

#include "hearth/hub/models_directory.h"
#include "hub_test_fixture.h"

namespace hearth::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kRepo = "acme/Tiny-GGUF";
constexpr const char* kFile = "tiny-Q4_K_M.gguf";

class Pull : public HubTest {
 protected:
  Pull() {
    content_ = pseudo_random_content(300'000, 1);
    hub_.add_repo(kRepo, {{"README.md", "# Tiny\n", FakeFile::Hash::none},
                          {kFile, content_},
                          {"tiny-Q8_0.gguf", pseudo_random_content(1000, 2)}});
    options_.transfer.first_retry_delay = std::chrono::milliseconds(20);
    options_.events.notice = [this](std::string_view text) { notices_.emplace_back(text); };
  }

  hub::PullResult pull(std::string_view reference, std::stop_token stop = {}) {
    return hub::pull_model(hub::hub_settings_from_environment(), hub::models_directory(),
                           hub::parse_pull_reference(reference), options_, std::move(stop));
  }

  std::filesystem::path destination() const { return models() / kRepo / kFile; }

  bool noticed(std::string_view words) const {
    for (const std::string& notice : notices_) {
      if (notice.find(words) != std::string::npos) return true;
    }
    return false;
  }

  std::string content_;
  hub::PullOptions options_;
  std::vector<std::string> notices_;
};

TEST_F(Pull, DownloadsTheFileWithItsRecord) {
  const hub::PullResult result = pull(kRepo);  // the Q4_K_M file is preferred
  EXPECT_EQ(result.status, hub::PullStatus::downloaded);
  EXPECT_EQ(result.name, std::string(kRepo) + ":" + kFile);
  EXPECT_EQ(result.path, destination());
  EXPECT_EQ(read_file(destination()), content_);
  EXPECT_THAT(files_under(models()), ElementsAre("acme/Tiny-GGUF/tiny-Q4_K_M.gguf",
                                                 "acme/Tiny-GGUF/tiny-Q4_K_M.gguf.json"));

  const std::optional<hub::ModelRecord> record = hub::read_model_record(destination());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->repo, kRepo);
  EXPECT_EQ(record->file, kFile);
  EXPECT_EQ(record->revision, "main");
  EXPECT_EQ(record->sha256, sha256_hex(content_));
  EXPECT_EQ(record->size, content_.size());
  EXPECT_TRUE(record->verified_by_hub);
  EXPECT_EQ(record->downloaded_at.size(), 20u);  // 2025-01-31T12:00:00Z

  // Through the resolve URL, redirected to the content server, in one piece.
  const std::vector<RecordedRequest> downloads = hub_.downloads();
  ASSERT_EQ(downloads.size(), 1u);
  EXPECT_FALSE(downloads[0].range);
  EXPECT_EQ(downloads[0].path, std::string("/cdn/") + kRepo + "/" + kFile);
}

TEST_F(Pull, ProgressReachesTheWholeFile) {
  std::uint64_t last = 0;
  bool monotonic = true;
  options_.events.progress = [&](const hub::DownloadProgress& progress) {
    monotonic = monotonic && progress.bytes_done >= last;
    last = progress.bytes_done;
    EXPECT_EQ(progress.bytes_total, content_.size());
  };
  pull(std::string(kRepo) + ":" + kFile);
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(last, content_.size());
}

TEST_F(Pull, ResumesAfterADroppedConnection) {
  hub_.drop_first_download_after(100'000);
  const hub::PullResult result = pull(kRepo);
  EXPECT_EQ(result.status, hub::PullStatus::downloaded);
  EXPECT_EQ(read_file(destination()), content_);
  EXPECT_FALSE(std::filesystem::exists(hub::part_path(destination())));

  const std::vector<RecordedRequest> downloads = hub_.downloads();
  ASSERT_EQ(downloads.size(), 2u);
  EXPECT_FALSE(downloads[0].range);
  EXPECT_EQ(downloads[1].range, "bytes=100000-");
  EXPECT_TRUE(noticed("retrying"));
}

TEST_F(Pull, ResumesThePartAnEarlierRunLeft) {
  write_file(hub::part_path(destination()), content_.substr(0, 123'456));
  pull(kRepo);
  EXPECT_EQ(read_file(destination()), content_);
  const std::vector<RecordedRequest> downloads = hub_.downloads();
  ASSERT_EQ(downloads.size(), 1u);
  EXPECT_EQ(downloads[0].range, "bytes=123456-");
  EXPECT_TRUE(noticed("resuming"));
}

TEST_F(Pull, ACompletePartNeedsNoRequest) {
  write_file(hub::part_path(destination()), content_);
  pull(kRepo);
  EXPECT_EQ(read_file(destination()), content_);
  EXPECT_TRUE(hub_.downloads().empty());
}

TEST_F(Pull, AServerThatIgnoresRangesMakesItStartOver) {
  hub_.ignore_ranges();
  write_file(hub::part_path(destination()), content_.substr(0, 50'000));
  pull(kRepo);
  EXPECT_EQ(read_file(destination()), content_);
  EXPECT_TRUE(noticed("did not resume"));
}

TEST_F(Pull, ALongerPartIsDiscarded) {
  write_file(hub::part_path(destination()), content_ + "extra");
  pull(kRepo);
  EXPECT_EQ(read_file(destination()), content_);
}

TEST_F(Pull, ACorruptPartFailsTheHashAndIsDeleted) {
  // The hash covers the bytes resumed from, not only the ones received.
  std::string damaged = content_.substr(0, 10'000);
  damaged[5] = static_cast<char>(damaged[5] ^ 0x01);
  write_file(hub::part_path(destination()), damaged);
  const Error error = error_of([&] { pull(kRepo); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_THAT(error.message(), HasSubstr("SHA-256"));
  EXPECT_FALSE(std::filesystem::exists(hub::part_path(destination())));
  EXPECT_FALSE(std::filesystem::exists(destination()));
  // The next pull starts from nothing and succeeds.
  pull(kRepo);
  EXPECT_EQ(read_file(destination()), content_);
}

TEST_F(Pull, AWrongPublishedHashFailsAndLeavesNothing) {
  const std::string content = pseudo_random_content(40'000, 9);
  hub_.add_repo("acme/Bad-GGUF", {{"bad.gguf", content, FakeFile::Hash::wrong}});
  const Error error = error_of([&] { pull("acme/Bad-GGUF"); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_THAT(error.message(), HasSubstr("SHA-256"));
  EXPECT_THAT(error.message(), HasSubstr(sha256_hex(content)));
  EXPECT_THAT(error.message(), HasSubstr(sha256_hex(content + "tampered")));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());
}

TEST_F(Pull, TwoPullsOfOneFileDoNotInterleave) {
  const std::filesystem::path part = hub::part_path(destination());
  write_file(part, "");
  const int other_pull = ::open(part.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(other_pull, 0);
  ASSERT_EQ(::flock(other_pull, LOCK_EX | LOCK_NB), 0);
  const Error error = error_of([&] { pull(kRepo); });
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_THAT(error.message(), HasSubstr("another hearth process"));
  ::close(other_pull);
  EXPECT_EQ(pull(kRepo).status, hub::PullStatus::downloaded);
}

TEST_F(Pull, ASecondPullFindsItUpToDate) {
  pull(kRepo);
  const hub::PullResult again = pull(kRepo);
  EXPECT_EQ(again.status, hub::PullStatus::up_to_date);
  EXPECT_EQ(again.record.sha256, sha256_hex(content_));
  EXPECT_EQ(hub_.downloads().size(), 1u);
}

TEST_F(Pull, AChangedFileIsDownloadedAgain) {
  pull(kRepo);
  write_file(destination(), "changed locally");
  EXPECT_EQ(pull(kRepo).status, hub::PullStatus::downloaded);
  EXPECT_EQ(read_file(destination()), content_);
}

TEST_F(Pull, Revision) {
  options_.revision = "v1";
  EXPECT_EQ(pull(kRepo).record.revision, "v1");
  EXPECT_THAT(hub_.requests().front().path, HasSubstr("/tree/v1"));

  options_.revision = "nope";
  const Error error = error_of([&] { pull(kRepo); });
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_THAT(error.message(), HasSubstr("revision nope"));
}

TEST_F(Pull, UnknownRepositoryIsNotFound) {
  const Error error = error_of([&] { pull("acme/Nothing-GGUF"); });
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_THAT(error.message(), HasSubstr("acme/Nothing-GGUF"));
  EXPECT_THAT(error.message(), HasSubstr("HF_TOKEN"));
}

TEST_F(Pull, UnknownFileIsNotFoundAndListsTheGgufFiles) {
  const Error error = error_of([&] { pull(std::string(kRepo) + ":missing.gguf"); });
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_THAT(error.message(), HasSubstr("missing.gguf"));
  EXPECT_THAT(error.message(), HasSubstr("tiny-Q8_0.gguf"));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());
}

TEST_F(Pull, RefusedAccessSuggestsAToken) {
  hub_.require_token("hf_secret");
  const Error error = error_of([&] { pull(kRepo); });
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_THAT(error.message(), HasSubstr("401"));
  EXPECT_THAT(error.message(), HasSubstr("set HF_TOKEN"));

  environment_.set("HF_TOKEN", "hf_wrong");
  EXPECT_THAT(error_of([&] { pull(kRepo); }).message(), HasSubstr("was not accepted"));

  environment_.set("HF_TOKEN", "hf_secret");
  EXPECT_EQ(pull(kRepo).status, hub::PullStatus::downloaded);
  std::optional<std::string> last_api_authorization;
  for (const RecordedRequest& request : hub_.requests()) {
    if (request.path.starts_with("/api/")) last_api_authorization = request.authorization;
  }
  EXPECT_EQ(last_api_authorization, "Bearer hf_secret");
}

TEST_F(Pull, NoNetworkSaysSoPlainly) {
  std::uint16_t closed_port = 0;
  {
    const FakeHub gone;
    closed_port = gone.port();
  }
  environment_.set("HF_ENDPOINT", "http://127.0.0.1:" + std::to_string(closed_port));
  const Error error = error_of([&] { pull(kRepo); });
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_THAT(error.message(),
              HasSubstr("cannot reach 127.0.0.1:" + std::to_string(closed_port) + ": "));
  EXPECT_THAT(error.message(), HasSubstr("is the network up?"));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());
}

TEST_F(Pull, AFileWithoutPublishedHashNeedsNoVerify) {
  hub_.add_repo("acme/Plain", {{"plain.gguf", "GGUF small", FakeFile::Hash::none}});
  const Error error = error_of([&] { pull("acme/Plain"); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  EXPECT_THAT(error.message(), HasSubstr("--no-verify"));
  EXPECT_THAT(files_under(models()), ::testing::IsEmpty());

  options_.require_hub_hash = false;
  const hub::PullResult result = pull("acme/Plain");
  EXPECT_EQ(read_file(result.path), "GGUF small");
  EXPECT_FALSE(result.record.verified_by_hub);
  EXPECT_EQ(result.record.sha256, sha256_hex("GGUF small"));
}

TEST_F(Pull, StopLeavesThePartAndTheNextPullResumes) {
  hub_.send_slowly(std::chrono::milliseconds(5));
  std::stop_source stop;
  options_.events.progress = [&](const hub::DownloadProgress& progress) {
    if (progress.bytes_done >= 32 * 1024) stop.request_stop();
  };
  EXPECT_EQ(pull(kRepo, stop.get_token()).status, hub::PullStatus::cancelled);
  EXPECT_FALSE(std::filesystem::exists(destination()));
  const std::uintmax_t kept = std::filesystem::file_size(hub::part_path(destination()));
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, content_.size());

  options_.events.progress = nullptr;
  EXPECT_EQ(pull(kRepo).status, hub::PullStatus::downloaded);
  EXPECT_EQ(read_file(destination()), content_);
  EXPECT_EQ(hub_.downloads().back().range, "bytes=" + std::to_string(kept) + "-");
}

TEST_F(Pull, ListingFollowsPages) {
  hub_.set_page_size(1);
  const std::vector<hub::RepoFile> files =
      hub::list_repo_files(hub::hub_settings_from_environment(), {kRepo, "main"});
  ASSERT_EQ(files.size(), 3u);  // the folder entry is not a file
  EXPECT_EQ(files[0].path, "README.md");
  EXPECT_FALSE(files[0].sha256);
  EXPECT_EQ(files[1].path, kFile);
  EXPECT_EQ(files[1].sha256, sha256_hex(content_));
  EXPECT_EQ(files[1].size, content_.size());
}

TEST(PullReference, Parses) {
  const hub::PullReference plain = hub::parse_pull_reference("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  EXPECT_EQ(plain.repo, "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  EXPECT_FALSE(plain.file);
  const hub::PullReference with_file = hub::parse_pull_reference("a/b:sub/c.gguf");
  EXPECT_EQ(with_file.repo, "a/b");
  EXPECT_EQ(with_file.file, "sub/c.gguf");
  for (const char* bad : {"", "noslash", "a/b/c", "/b", "a/", "a/b:", "a/b:../x.gguf",
                          "a/b:/etc/x.gguf", "a b/c", "a/..:x"}) {
    EXPECT_EQ(error_of([&] { hub::parse_pull_reference(bad); }).kind(), ErrorKind::invalid_argument)
        << bad;
  }
}

}  // namespace
}  // namespace hearth::testing
