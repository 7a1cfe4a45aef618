// The vault's encrypted file: round trips, and every way a file can be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "hearth/privacy/vault.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::privacy {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kPassphrase = "correct horse battery staple";
constexpr std::string_view kCannotDecrypt =
    "vault could not be decrypted (wrong passphrase or damaged file)";
// magic (4) + version (1) + salt (16) + nonce (24)
constexpr std::size_t kHeaderBytes = 45;
constexpr std::size_t kTagBytes = 16;

Vault sample_vault() {
  Vault vault;
  vault.placeholder_for(EntityType::person, "Alice Example");
  vault.placeholder_for(EntityType::email, "Alice@Example.com", "alice@example.com");
  vault.placeholder_for(EntityType::person, "Bob");
  vault.placeholder_for(EntityType::secret, std::string("nul\0byte\xff", 9));
  return vault;
}

void expect_sample(Vault& vault) {
  EXPECT_EQ(vault.size(), 4u);
  EXPECT_EQ(vault.value_of("<PERSON_1>"), "Alice Example");
  EXPECT_EQ(vault.value_of("<EMAIL_1>"), "Alice@Example.com");
  EXPECT_EQ(vault.value_of("<PERSON_2>"), "Bob");
  EXPECT_EQ(vault.value_of("<SECRET_1>"), std::string("nul\0byte\xff", 9));
  // Keys and numbering survive: known values keep their placeholders, new
  // ones continue the count.
  EXPECT_EQ(vault.placeholder_for(EntityType::email, "ALICE@example.com", "alice@example.com"),
            "<EMAIL_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Carol"), "<PERSON_3>");
}

void expect_unseal_error(std::string_view sealed, std::string_view passphrase, ErrorKind kind,
                         std::string_view message) {
  try {
    Vault::unseal(sealed, passphrase);
    ADD_FAILURE() << "unsealed";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind) << error.what();
    EXPECT_THAT(error.message(), HasSubstr(std::string(message)));
  }
}

TEST(VaultFile, SealAndUnsealRoundTrip) {
  const std::string sealed = sample_vault().seal(kPassphrase);
  EXPECT_EQ(sealed.substr(0, 4), "HVLT");
  EXPECT_EQ(sealed[4], 1);
  Vault opened = Vault::unseal(sealed, kPassphrase);
  expect_sample(opened);
}

TEST(VaultFile, AnEmptyVaultRoundTrips) {
  const Vault opened = Vault::unseal(Vault().seal(kPassphrase), kPassphrase);
  EXPECT_TRUE(opened.empty());
}

TEST(VaultFile, ValuesDoNotAppearInTheFile) {
  const std::string sealed = sample_vault().seal(kPassphrase);
  EXPECT_EQ(sealed.find("Alice"), std::string::npos);
  EXPECT_EQ(sealed.find("PERSON"), std::string::npos);
}

TEST(VaultFile, EachSealUsesAFreshSaltAndNonce) {
  const Vault vault = sample_vault();
  EXPECT_NE(vault.seal(kPassphrase), vault.seal(kPassphrase));
}

TEST(VaultFile, AWrongPassphraseIsRefused) {
  expect_unseal_error(sample_vault().seal(kPassphrase), "correct horse battery stapler",
                      ErrorKind::invalid_data, kCannotDecrypt);
}

TEST(VaultFile, AnEmptyPassphraseIsRefused) {
  EXPECT_THROW(sample_vault().seal(""), Error);
  expect_unseal_error(sample_vault().seal(kPassphrase), "", ErrorKind::invalid_argument,
                      "passphrase");
}

TEST(VaultFile, AnyTamperedByteIsNoticed) {
  const std::string sealed = sample_vault().seal(kPassphrase);
  // One position in each part: salt, nonce, ciphertext, tag.
  for (const std::size_t at : {std::size_t{5}, std::size_t{20}, std::size_t{21}, std::size_t{44},
                               kHeaderBytes, sealed.size() / 2 + 20, sealed.size() - 1}) {
    SCOPED_TRACE(at);
    std::string tampered = sealed;
    tampered[at] = static_cast<char>(tampered[at] ^ 0x01);
    expect_unseal_error(tampered, kPassphrase, ErrorKind::invalid_data, kCannotDecrypt);
  }
}

TEST(VaultFile, ATamperedHeaderIsNoticed) {
  std::string sealed = sample_vault().seal(kPassphrase);
  sealed[0] = 'X';
  expect_unseal_error(sealed, kPassphrase, ErrorKind::invalid_data, "not a hearth vault file");
  sealed[0] = 'H';
  sealed[4] = 2;
  expect_unseal_error(sealed, kPassphrase, ErrorKind::unsupported, "version 2");
}

TEST(VaultFile, ATruncatedFileIsRefused) {
  const std::string sealed = sample_vault().seal(kPassphrase);
  for (const std::size_t length : {std::size_t{0}, std::size_t{3}}) {
    expect_unseal_error(sealed.substr(0, length), kPassphrase, ErrorKind::invalid_data,
                        "not a hearth vault file");
  }
  for (const std::size_t length : {std::size_t{5}, kHeaderBytes, kHeaderBytes + kTagBytes - 1,
                                   kHeaderBytes + kTagBytes, sealed.size() - 1}) {
    SCOPED_TRACE(length);
    expect_unseal_error(sealed.substr(0, length), kPassphrase, ErrorKind::invalid_data,
                        kCannotDecrypt);
  }
}

TEST(VaultFile, AppendedBytesAreRefused) {
  expect_unseal_error(sample_vault().seal(kPassphrase) + "x", kPassphrase, ErrorKind::invalid_data,
                      kCannotDecrypt);
}

TEST(VaultFile, AnOversizedInputIsRefusedBeforeDecrypting) {
  std::string huge = sample_vault().seal(kPassphrase);
  huge.resize(std::size_t{65} << 20, 'x');
  expect_unseal_error(huge, kPassphrase, ErrorKind::invalid_data, "more than");
}

TEST(VaultFile, SaveAndOpenRoundTripWithOwnerOnlyMode) {
  const hearth::testing::ScratchDir scratch;
  const std::filesystem::path path = scratch / "conversation.hvlt";
  sample_vault().save(path, kPassphrase);

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Vault opened = Vault::open(path, kPassphrase);
  expect_sample(opened);
  // Only the file itself is left: the temporary was renamed into place.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(scratch.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(VaultFile, SaveReplacesAnExistingFileAndTightensItsMode) {
  const hearth::testing::ScratchDir scratch;
  const std::filesystem::path path = scratch / "conversation.hvlt";
  std::ofstream(path) << "old";
  std::filesystem::permissions(path, std::filesystem::perms::all);
  Vault vault;
  vault.placeholder_for(EntityType::url, "https://example.com/private");
  vault.save(path, kPassphrase);

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(Vault::open(path, kPassphrase).value_of("<URL_1>"), "https://example.com/private");
}

TEST(VaultFile, OpeningAMissingFileIsNotFound) {
  const hearth::testing::ScratchDir scratch;
  try {
    Vault::open(scratch / "absent.hvlt", kPassphrase);
    ADD_FAILURE() << "opened";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

TEST(VaultFile, SavingIntoAMissingFolderIsNotFound) {
  const hearth::testing::ScratchDir scratch;
  try {
    sample_vault().save(scratch / "no" / "such" / "folder.hvlt", kPassphrase);
    ADD_FAILURE() << "saved";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

TEST(VaultFile, OpeningADamagedFileIsInvalidData) {
  const hearth::testing::ScratchDir scratch;
  const std::filesystem::path path = scratch / "conversation.hvlt";
  sample_vault().save(path, kPassphrase);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  try {
    Vault::open(path, kPassphrase);
    ADD_FAILURE() << "opened";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    EXPECT_EQ(error.message(), kCannotDecrypt);
  }
}

}  // namespace
}  // namespace hearth::privacy
