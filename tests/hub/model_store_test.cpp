// The models folder: listing, names, removal, verification, and what -m
// accepts.
#include "hearth/hub/model_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "hearth/hub/model_reference.h"
#include "hearth/hub/models_directory.h"
#include "hub_test_fixture.h"

namespace hearth::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A models folder as `hearth pull` leaves it, written by hand.
class ModelStore : public ::testing::Test {
 protected:
  ModelStore() {
    add("acme/Tiny-GGUF", "tiny-Q4_K_M.gguf", "four");
    add("acme/Tiny-GGUF", "tiny-Q8_0.gguf", "eight");
    add("other/Solo", "solo.gguf", "solo");
    add("other/Nested-GGUF", "Q4_K_M/tiny-Q4_K_M.gguf", "nested");
    // Not models: an unfinished download, a record alone, hidden files,
    // files not two folders deep.
    write_file(root() / "acme/Tiny-GGUF/tiny-F16.gguf.part", "half");
    write_file(root() / "acme/Tiny-GGUF/.tmp.gguf", "x");
    write_file(root() / ".cache/a/b.gguf", "x");
    write_file(root() / "loose.gguf", "x");
    write_file(root() / "other/loose.gguf", "x");
  }

  const fs::path& root() const { return directory_.path(); }

  void add(const std::string& repo, const std::string& file, const std::string& content) {
    const fs::path path = root() / repo / file;
    write_file(path, content);
    hub::ModelRecord record;
    record.repo = repo;
    record.file = file;
    record.revision = "main";
    record.sha256 = sha256_hex(content);
    record.size = content.size();
    record.downloaded_at = "2025-01-31T12:00:00Z";
    hub::write_model_record(path, record);
  }

  std::vector<std::string> names_for(std::string_view name) const {
    std::vector<std::string> names;
    for (const hub::StoredModel& model :
         hub::find_stored_models(hub::list_stored_models(root()), name)) {
      names.push_back(model.name);
    }
    return names;
  }

  ScratchDir directory_;
};

TEST_F(ModelStore, ListsModelsByName) {
  const std::vector<hub::StoredModel> models = hub::list_stored_models(root());
  std::vector<std::string> names;
  for (const hub::StoredModel& model : models) names.push_back(model.name);
  EXPECT_THAT(names,
              ElementsAre("acme/Tiny-GGUF:tiny-Q4_K_M.gguf", "acme/Tiny-GGUF:tiny-Q8_0.gguf",
                          "other/Nested-GGUF:Q4_K_M/tiny-Q4_K_M.gguf", "other/Solo:solo.gguf"));
  EXPECT_EQ(models[0].repo, "acme/Tiny-GGUF");
  EXPECT_EQ(models[0].file, "tiny-Q4_K_M.gguf");
  EXPECT_EQ(models[0].size, 4u);
  EXPECT_EQ(models[0].path, root() / "acme/Tiny-GGUF/tiny-Q4_K_M.gguf");
  ASSERT_TRUE(models[0].record);
  EXPECT_EQ(models[0].record->sha256, sha256_hex("four"));
}

TEST_F(ModelStore, AnAbsentFolderHoldsNoModels) {
  EXPECT_TRUE(hub::list_stored_models(root() / "nowhere").empty());
}

TEST_F(ModelStore, NameRules) {
  EXPECT_THAT(names_for("acme/Tiny-GGUF:tiny-Q8_0.gguf"),
              ElementsAre("acme/Tiny-GGUF:tiny-Q8_0.gguf"));
  EXPECT_THAT(names_for("acme/Tiny-GGUF:tiny-Q8_0"), ElementsAre("acme/Tiny-GGUF:tiny-Q8_0.gguf"));
  EXPECT_THAT(names_for("acme/Tiny-GGUF:q8_0"), ElementsAre("acme/Tiny-GGUF:tiny-Q8_0.gguf"));
  EXPECT_THAT(names_for("other/Nested-GGUF:Q4_K_M/tiny-Q4_K_M.gguf"),
              ElementsAre("other/Nested-GGUF:Q4_K_M/tiny-Q4_K_M.gguf"));
  EXPECT_THAT(names_for("other/Solo"), ElementsAre("other/Solo:solo.gguf"));
  EXPECT_THAT(names_for("acme/Tiny-GGUF").size(), 2u);
  EXPECT_THAT(names_for("solo"), ElementsAre("other/Solo:solo.gguf"));
  EXPECT_THAT(names_for("solo.gguf"), ElementsAre("other/Solo:solo.gguf"));
  EXPECT_THAT(names_for("Solo"), ElementsAre("other/Solo:solo.gguf"));  // the repository
  EXPECT_THAT(names_for("tiny-Q8_0"), ElementsAre("acme/Tiny-GGUF:tiny-Q8_0.gguf"));
  EXPECT_EQ(names_for("tiny-Q4_K_M.gguf").size(), 2u);  // in two repositories
  EXPECT_TRUE(names_for("tiny-F16").empty());           // only a .part
  EXPECT_TRUE(names_for("acme/Other").empty());
}

TEST_F(ModelStore, ResolvesNamesToPaths) {
  EXPECT_EQ(hub::resolve_model_reference("solo", root()), root() / "other/Solo/solo.gguf");
  EXPECT_EQ(hub::resolve_model_reference("acme/Tiny-GGUF:Q4_K_M", root()),
            root() / "acme/Tiny-GGUF/tiny-Q4_K_M.gguf");
}

TEST_F(ModelStore, AnExistingPathWins) {
  const ScratchDir elsewhere;
  write_file(elsewhere / "solo", "a file named like a model");
  const fs::path previous = fs::current_path();
  fs::current_path(elsewhere.path());
  EXPECT_EQ(hub::resolve_model_reference("solo", root()), fs::path("solo"));
  fs::current_path(previous);
  const std::string absolute = (root() / "loose.gguf").string();
  EXPECT_EQ(hub::resolve_model_reference(absolute, root()), fs::path(absolute));
}

TEST_F(ModelStore, AMissingPathIsNotLookedUp) {
  for (const char* path : {"./solo", "/nowhere/solo.gguf", "models/solo.gguf", "a/b/c"}) {
    const Error error = error_of([&] { hub::resolve_model_reference(path, root()); });
    EXPECT_EQ(error.kind(), ErrorKind::not_found) << path;
    EXPECT_THAT(error.message(), HasSubstr(path));
    EXPECT_THAT(error.message(), HasSubstr("does not exist"));
  }
}

TEST_F(ModelStore, AnUnknownNameSaysWhereItLookedAndHowToPull) {
  Error error = error_of([&] { hub::resolve_model_reference("mystery", root()); });
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_THAT(error.message(), HasSubstr(root().string()));
  EXPECT_THAT(error.message(), HasSubstr("hearth pull OWNER/REPO"));

  error = error_of([&] { hub::resolve_model_reference("acme/New-GGUF:q8_0", root()); });
  EXPECT_THAT(error.message(), HasSubstr("`hearth pull acme/New-GGUF:q8_0`"));
}

TEST_F(ModelStore, AnAmbiguousNameListsTheCandidates) {
  const Error error = error_of([&] { hub::resolve_model_reference("acme/Tiny-GGUF", root()); });
  EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  EXPECT_THAT(error.message(), HasSubstr("acme/Tiny-GGUF:tiny-Q4_K_M.gguf"));
  EXPECT_THAT(error.message(), HasSubstr("acme/Tiny-GGUF:tiny-Q8_0.gguf"));
}

TEST_F(ModelStore, RemoveDeletesFileRecordPartAndEmptyFolders) {
  write_file(root() / "other/Solo/solo.gguf.part", "partial");
  hub::remove_stored_model(root(), hub::find_stored_model(root(), "solo"));
  EXPECT_FALSE(fs::exists(root() / "other/Solo"));
  EXPECT_TRUE(fs::exists(root() / "other/Nested-GGUF"));

  hub::remove_stored_model(root(), hub::find_stored_model(root(), "other/Nested-GGUF"));
  EXPECT_FALSE(fs::exists(root() / "other/Nested-GGUF"));
  EXPECT_TRUE(fs::exists(root() / "other/loose.gguf"));  // not a model, not removed

  hub::remove_stored_model(root(), hub::find_stored_model(root(), "tiny-Q8_0"));
  EXPECT_TRUE(fs::exists(root() / "acme/Tiny-GGUF/tiny-Q4_K_M.gguf"));
  EXPECT_FALSE(fs::exists(root() / "acme/Tiny-GGUF/tiny-Q8_0.gguf.json"));
  EXPECT_TRUE(fs::exists(root()));
}

TEST_F(ModelStore, VerifyDetectsAFlippedByte) {
  const hub::StoredModel model = hub::find_stored_model(root(), "solo");
  EXPECT_EQ(hub::verify_stored_model(model).status, hub::VerifyStatus::ok);

  write_file(model.path, "sslo");
  const hub::VerifyResult result = hub::verify_stored_model(model);
  EXPECT_EQ(result.status, hub::VerifyStatus::mismatch);
  EXPECT_EQ(result.expected_sha256, sha256_hex("solo"));
  EXPECT_EQ(result.actual_sha256, sha256_hex("sslo"));
}

TEST_F(ModelStore, VerifyWithoutRecord) {
  fs::remove(hub::record_path(root() / "other/Solo/solo.gguf"));
  const hub::StoredModel model = hub::find_stored_model(root(), "solo");
  EXPECT_FALSE(model.record);
  EXPECT_EQ(hub::verify_stored_model(model).status, hub::VerifyStatus::no_record);
}

TEST_F(ModelStore, ABrokenRecordLeavesTheModelUsable) {
  write_file(hub::record_path(root() / "other/Solo/solo.gguf"), "{not json");
  const hub::StoredModel model = hub::find_stored_model(root(), "solo");
  EXPECT_FALSE(model.record);
  EXPECT_THROW(hub::read_model_record(model.path), Error);
}

TEST(ModelsDirectory, FromTheEnvironment) {
  ScopedEnvironment environment;
  environment.set("HEARTH_MODELS", "/srv/models");
  environment.set("XDG_DATA_HOME", "/data");
  environment.set("HOME", "/home/someone");
  EXPECT_EQ(hub::models_directory(), fs::path("/srv/models"));
  environment.unset("HEARTH_MODELS");
  EXPECT_EQ(hub::models_directory(), fs::path("/data/hearth/models"));
  environment.set("XDG_DATA_HOME", "relative/ignored");
  EXPECT_EQ(hub::models_directory(), fs::path("/home/someone/.local/share/hearth/models"));
  environment.unset("XDG_DATA_HOME");
  EXPECT_EQ(hub::models_directory(), fs::path("/home/someone/.local/share/hearth/models"));
}

}  // namespace
}  // namespace hearth::testing
