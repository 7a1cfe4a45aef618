// The labeling guide's hard negatives: text shaped like an identifier or a
// secret that is neither. Nothing here may be reported at the scanner's
// default threshold.
#include <gtest/gtest.h>

#include <string>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

std::vector<std::string> reported_texts(std::string_view text) {
  std::vector<std::string> texts;
  for (const Detection& d : find_all(text))
    if (d.confidence >= 0.5f) texts.emplace_back(text.substr(d.begin, d.end - d.begin));
  return texts;
}

class HardNegative : public ::testing::TestWithParam<const char*> {};

TEST_P(HardNegative, IsNotReported) {
  EXPECT_EQ(reported_texts(GetParam()), std::vector<std::string>{}) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Guide, HardNegative,
    ::testing::Values(
        // Order, ticket and invoice numbers.
        "Order #4104332181960018 has shipped", "invoice 4104-3321-8196-0018 is overdue",
        "ticket 536-22-1847 reopened", "order id 415-555-0132",
        // UUIDs, git hashes, checksums, build ids.
        "request 550e8400-e29b-41d4-a716-446655440000 failed",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixes it",
        "sha256: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        "checksum_key: d41d8cd98f00b204e9800998ecf8427e",
        "etag=\"d41d8cd98f00b204e9800998ecf8427e\"", "build id 20240311.7-rc2",
        // Version strings.
        "upgraded to 1.2.3.4 today? no: v2.10.0", "Version: 10.0.19041.1", "release 4.1.0.77",
        // Timestamps and durations shaped like phone numbers.
        "2024-03-11 14:22:07 INFO started", "ts=20240311142207 took 1503ms", "elapsed 00:12:07.113",
        "at 1710166927123 ms",
        // Documentation test cards and example keys.
        "use 4242 4242 4242 4242 with any CVC", "card 4111 1111 1111 1111",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "api_key: <your-api-key>", "OPENAI_API_KEY=sk-...",
        "export GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        // Placeholder passwords and secrets.
        "password: ********", "password: <password>", "DB_PASSWORD=changeme",
        "client_secret: ${CLIENT_SECRET}", "secret_key = \"\"",
        // Base64 blobs and names that only contain "key"/"token".
        "thumbnail: "
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Erk"
        "Jggg==",
        "max_tokens: 4096",
        "public_key: MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
        "idempotency_key=7c9e6679-7425-40de-944b-e07fc1f90ae7", "monkey: bananas4ever2024x",
        "next_page_token: CAESBggDEAEYAQ", "tokenizer: /models/llama/tokenizer.json",
        // Code.
        "std::unique_ptr<Foo::Bar> x; auto y = a::b::c;", "for (int i = 0; i < 10000000; ++i)",
        "return 0x7fffffff & hash;"));

}  // namespace
}  // namespace hearth::privacy::test
