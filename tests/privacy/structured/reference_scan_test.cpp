// The optimized path checked against the simple one: one combined Hyperscan
// database scanned in windows must report exactly what one database per
// pattern, each scanned whole, reports for the same text.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "candidate_patterns.h"
#include "candidate_scanner.h"
#include "candidate_validation.h"
#include "phone_recognizer.h"
#include "recognizer_test_support.h"

namespace hearth::privacy::structured {

// Readable failure messages for candidate lists.
void PrintTo(const Candidate& c, std::ostream* out) {
  *out << "{pattern " << c.pattern << ", [" << c.begin << ", " << c.end << ")}";
}

}  // namespace hearth::privacy::structured

namespace hearth::privacy::test {
namespace {

using structured::Candidate;
using structured::CandidateScanner;

std::string reference_corpus() {
  std::string text =
      "Hi Dana, mail dana.whitfield@orchardlane.io or ops+x@mail.orchardlane.co.uk.\n"
      "Call +44 20 7946 0958 ext. 12, (415) 555-0132, fax 415.555.0199; ref 4155550132.\n"
      "Visa 4104 3321 8196 0018, amex 3784-959310-34132, order 5394026542351166.\n"
      "IBAN DE64 1002 0030 0400 5006 00 / GB82WEST12345698765432\n"
      "SSN 536-22-1847, social security 536221847, ticket 536 22 1847\n"
      "hosts 10.0.0.12:8080 [2001:db8::8a2e:370:7334]:443 ::1 v1.2.3.4 std::move\n"
      "mac 00:1a:2b:3c:4d:5e 001a.2b3c.4d5e see https://en.wikipedia.org/wiki/A_(b)).\n"
      "www.orchardlane.io/a?token=Zx81kQ DOB: 03/14/1985, born on March 14, 1985\n"
      "San Francisco, CA 94107 / London SW1A 1AA / Ottawa, ON K1A 0B1 / PLZ 10115\n"
      "Passport No.: X12345678, DL# S530-4612-9012\n"
      "-----BEGIN EC PRIVATE "
      "KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
      "-----END EC PRIVATE KEY-----\n"
      "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwiZXhwIjoxNzY3MjI1NjAwfQ."
      "wQzcHCegKMqubJgQYmGY_3eHQPiN3PECrrgdruKJwEQ\n"
      "AKIAVHS1K3AQ6L6GT6MJ ghp_oe5c3veGprQFnIiU74KKEpYEZAmggQBwBAD3 glpat-UdRPPgdzUvZ3gpmmICiB\n"
      "xoxb-247317810801-3267736026064-7YYDsBS9UYJQTFjmsn9dLVId sk_test_VuddLEG62Hkd9Gf2leMeR3pz\n"
      "password=hunter2 --password R3dW1ne2 my password is Tulip42. <password>Xk2!vP9q</password>\n"
      "IDENTIFIED BY 'Vw3!pLm8' aws_secret_access_key = VuaP/coUNEhEkk/iqq8vH2BzNZV45pFCiRcDCajh\n"
      "Authorization: Basic c3ZjLWJhY2t1cDpUN3IhY2t5UGE1NQ==\n"
      "2024-03-11 14:22:07 INFO commit 9fceb02d0ae598e95dc970b74767f19372d61af8 took 12ms\n";
  // Repeat with shifting offsets so windows of the optimized scan cut
  // through every kind of value somewhere.
  std::string corpus;
  for (int i = 0; i < 40; ++i) corpus += std::string(static_cast<std::size_t>(i % 7), ' ') + text;
  return corpus;
}

using Key = std::tuple<std::size_t, std::size_t, EntityType, std::string, std::string, float>;

std::vector<Key> keys(std::string_view text, const Detections& detections) {
  std::vector<Key> result;
  for (const Detection& d : detections)
    result.emplace_back(d.begin, d.end, d.type, std::string(d.recognizer), d.normalized,
                        d.confidence);
  (void)text;
  return result;
}

Detections validate(std::string_view text, std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), structured::candidate_order);
  const structured::PhoneRecognizer phones("US");
  structured::CandidateValidation validation(phones, text);
  validation.validate(candidates);
  Detections out;
  validation.finish(out);
  return out;
}

TEST(ReferenceScan, CombinedDatabaseMatchesOneDatabasePerPattern) {
  const std::string text = reference_corpus();
  std::vector<Candidate> reference;
  for (std::uint32_t id = 0; id < structured::candidate_patterns().size(); ++id) {
    const std::uint32_t only[] = {id};
    // One window holds the whole text: no margins, no cut values.
    const CandidateScanner single(only, text.size() + 1);
    const auto found = single.scan_all(text);
    reference.insert(reference.end(), found.begin(), found.end());
  }
  Detections optimized;
  shared_recognizer().find(text, optimized);
  const auto expected = keys(text, validate(text, reference));
  EXPECT_GE(expected.size(), 40u * 40u);
  EXPECT_EQ(keys(text, optimized), expected);
}

TEST(ReferenceScan, SmallWindowsFindWhatOneWindowFinds) {
  const std::string text = reference_corpus();
  const CandidateScanner whole;
  const auto expected = whole.scan_all(text);
  for (std::size_t window : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{4096}}) {
    std::vector<std::uint32_t> all(structured::candidate_patterns().size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    const CandidateScanner windowed(all, window);
    EXPECT_EQ(windowed.scan_all(text), expected) << "window " << window;
  }
}

}  // namespace
}  // namespace hearth::privacy::test
