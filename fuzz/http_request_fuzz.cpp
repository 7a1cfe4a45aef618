// libFuzzer target for hearth::http::RequestParser. The input is what a
// client sends on one connection; requests are parsed one after another
// (pipelining) for as long as each completes. Checked:
// - feeding never crashes or throws;
// - a complete request used no more bytes than it was given and its body is
//   within the body limit;
// - the outcome (status, every request field, bytes used, the close flag and
//   the error sentence) is the same whether the bytes arrive at once, split
//   in two at a point picked from the input, or one byte at a time.
//
// http_tests links this file too and replays fuzz/corpus/http_request and
// fuzz/regressions/http_request through LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace {

using hearth::http::RequestParser;
using Status = RequestParser::Status;

// Small limits, so that inputs of a few KiB reach them.
constexpr std::size_t kMaxHeaderBytes = 1024;
constexpr std::size_t kMaxBodyBytes = 2048;
constexpr int kMaxRequests = 16;

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "http_request_fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

struct Outcome {
  Status status = Status::need_more;
  std::size_t consumed = 0;
  bool wants_close = false;
  bool http_10 = false;
  std::string error;
  hearth::http::Request request;

  bool operator==(const Outcome& other) const {
    const auto& a = request;
    const auto& b = other.request;
    if (a.headers.size() != b.headers.size()) return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i) {
      if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value) {
        return false;
      }
    }
    return status == other.status && consumed == other.consumed &&
           wants_close == other.wants_close && http_10 == other.http_10 && error == other.error &&
           a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query &&
           a.body == b.body;
  }
};

// Feeds growing prefixes of `data` ending at each of `cuts` (ascending, the
// last being data.size()), answering "100 Continue" whenever asked.
Outcome parse_one(std::string_view data, const std::vector<std::size_t>& cuts) {
  RequestParser parser(kMaxHeaderBytes, kMaxBodyBytes);
  Status status = Status::need_more;
  for (const std::size_t cut : cuts) {
    const std::string_view prefix = data.substr(0, cut);
    status = parser.feed(prefix);
    if (status == Status::expect_continue) {
      parser.continue_accepted();
      status = parser.feed(prefix);
      if (status == Status::expect_continue) fail("expect_continue after continue_accepted()");
    }
    if (parser.consumed() > prefix.size()) fail("consumed() is past the bytes fed");
    if (status != Status::need_more) break;
  }
  Outcome outcome;
  outcome.status = status;
  outcome.consumed = parser.consumed();
  outcome.wants_close = parser.wants_close();
  outcome.http_10 = parser.http_10();
  outcome.error = parser.error();
  outcome.request = parser.take_request();
  if (status == Status::complete) {
    if (outcome.consumed > data.size()) fail("a complete request used more bytes than given");
    if (outcome.consumed == 0) fail("a complete request used no bytes");
    if (outcome.request.body.size() > kMaxBodyBytes) fail("a body is above the limit");
    if (!outcome.error.empty()) fail("a complete request has an error sentence");
  } else if (status != Status::need_more && outcome.error.empty()) {
    fail("a refused request has no error sentence");
  }
  return outcome;
}

enum class Split { whole, in_two, bytewise };

std::vector<Outcome> parse_all(std::string_view input, Split split, std::uint64_t seed) {
  std::vector<Outcome> outcomes;
  std::size_t offset = 0;
  for (int i = 0; i < kMaxRequests && offset < input.size(); ++i) {
    const std::string_view data = input.substr(offset);
    std::vector<std::size_t> cuts;
    switch (split) {
      case Split::whole:
        break;
      case Split::in_two:
        cuts.push_back(static_cast<std::size_t>(seed % data.size()));
        break;
      case Split::bytewise:
        for (std::size_t cut = 1; cut < data.size(); ++cut) cuts.push_back(cut);
        break;
    }
    cuts.push_back(data.size());
    outcomes.push_back(parse_one(data, cuts));
    if (outcomes.back().status != Status::complete) break;
    offset += outcomes.back().consumed;
  }
  return outcomes;
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xCBF29CE484222325ull;
  for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return hash;
}

void check(std::string_view input) {
  const std::vector<Outcome> whole = parse_all(input, Split::whole, 0);
  if (parse_all(input, Split::in_two, fnv1a(input)) != whole) {
    fail("feeding the input split in two gives another outcome");
  }
  if (parse_all(input, Split::bytewise, 0) != whole) {
    fail("feeding the input one byte at a time gives another outcome");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    check(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception& error) {
    fail(std::string("threw: ") + error.what());
  }
  return 0;
}
