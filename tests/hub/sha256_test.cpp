#include "hearth/hub/sha256.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "fake_hub.h"
#include "hearth/util/error.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsWhole) {
  const std::string content = pseudo_random_content(100'003, 7);
  hub::Sha256 hash;
  for (std::size_t i = 0; i < content.size(); i += 4099) {
    hash.update(std::as_bytes(
        std::span(content).subspan(i, std::min<std::size_t>(4099, content.size() - i))));
  }
  EXPECT_EQ(hash.hex_digest(), sha256_hex(content));
  hash.reset();
  EXPECT_EQ(hash.hex_digest(), sha256_hex(""));
}

TEST(Sha256, File) {
  const ScratchDir directory;
  const std::string content = pseudo_random_content(3'000'001, 3);  // spans several reads
  std::ofstream(directory / "file", std::ios::binary) << content;
  EXPECT_EQ(hub::sha256_file(directory / "file"), sha256_hex(content));
  try {
    hub::sha256_file(directory / "missing");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

}  // namespace
}  // namespace hearth::testing
