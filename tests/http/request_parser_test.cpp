#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::http {
namespace {

using Status = RequestParser::Status;
using namespace std::string_literals;

constexpr std::size_t kMaxHeader = 4096;
constexpr std::size_t kMaxBody = 4096;

struct Parsed {
  Status status = Status::need_more;
  Request request;
  std::size_t consumed = 0;
  bool wants_close = false;
  std::string error;
};

Parsed finish(RequestParser& parser, Status status) {
  Parsed parsed;
  parsed.status = status;
  parsed.consumed = parser.consumed();
  parsed.wants_close = parser.wants_close();
  parsed.error = parser.error();
  parsed.request = parser.take_request();
  return parsed;
}

// Feeds `input` at once, answering "100 Continue" when asked.
Parsed parse(std::string_view input, std::size_t max_header = kMaxHeader,
             std::size_t max_body = kMaxBody) {
  RequestParser parser(max_header, max_body);
  Status status = parser.feed(input);
  if (status == Status::expect_continue) {
    parser.continue_accepted();
    status = parser.feed(input);
  }
  return finish(parser, status);
}

// Feeds `input` one more byte at a time, as a slow client would send it.
Parsed parse_bytewise(std::string_view input, std::size_t max_header = kMaxHeader,
                      std::size_t max_body = kMaxBody) {
  RequestParser parser(max_header, max_body);
  Status status = Status::need_more;
  for (std::size_t size = 1; size <= input.size(); ++size) {
    status = parser.feed(input.substr(0, size));
    if (status == Status::expect_continue) {
      parser.continue_accepted();
      status = parser.feed(input.substr(0, size));
    }
    if (status != Status::need_more) break;
  }
  return finish(parser, status);
}

void expect_same(const Parsed& a, const Parsed& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.consumed, b.consumed);
  EXPECT_EQ(a.wants_close, b.wants_close);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.request.method, b.request.method);
  EXPECT_EQ(a.request.target, b.request.target);
  EXPECT_EQ(a.request.path, b.request.path);
  EXPECT_EQ(a.request.query, b.request.query);
  EXPECT_EQ(a.request.body, b.request.body);
  ASSERT_EQ(a.request.headers.size(), b.request.headers.size());
  for (std::size_t i = 0; i < a.request.headers.size(); ++i) {
    EXPECT_EQ(a.request.headers[i].name, b.request.headers[i].name);
    EXPECT_EQ(a.request.headers[i].value, b.request.headers[i].value);
  }
}

TEST(RequestParser, ParsesAGetRequest) {
  const std::string input =
      "GET /v1/models?limit=5&x=%20 HTTP/1.1\r\nHost: localhost\r\nX-Spaced: \t padded value \t"
      "\r\nAccept:*/*\r\n\r\n";
  const Parsed parsed = parse(input);
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.method, "GET");
  EXPECT_EQ(parsed.request.target, "/v1/models?limit=5&x=%20");
  EXPECT_EQ(parsed.request.path, "/v1/models");
  EXPECT_EQ(parsed.request.query, "limit=5&x=%20");
  EXPECT_EQ(parsed.request.header("x-spaced"), "padded value");
  EXPECT_EQ(parsed.request.header("ACCEPT"), "*/*");
  EXPECT_EQ(parsed.request.body, "");
  EXPECT_EQ(parsed.consumed, input.size());
  EXPECT_FALSE(parsed.wants_close);
  EXPECT_TRUE(parsed.error.empty());
}

TEST(RequestParser, NeedsMoreUntilTheHeadersEnd) {
  RequestParser parser(kMaxHeader, kMaxBody);
  EXPECT_EQ(parser.feed(""), Status::need_more);
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n"), Status::need_more);
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r"), Status::need_more);
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), Status::complete);
  // Once complete, it stays so until reset().
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET"), Status::complete);
  parser.reset();
  EXPECT_EQ(parser.consumed(), 0u);
  EXPECT_EQ(parser.feed("GET"), Status::need_more);
}

TEST(RequestParser, PercentDecodesThePathOnly) {
  const Parsed parsed = parse("GET /a%20b/%E2%82%AC%2f?q=%20 HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.path, "/a b/\xE2\x82\xAC/");
  EXPECT_EQ(parsed.request.query, "q=%20");
}

TEST(RequestParser, AcceptsAbsoluteFormAndAsterisk) {
  Parsed parsed = parse("GET http://example.com:8080/p%41th?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.path, "/pAth");
  EXPECT_EQ(parsed.request.query, "x=1");
  parsed = parse("GET http://example.com HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.path, "/");
  parsed = parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.path, "*");
}

TEST(RequestParser, IgnoresEmptyLinesBeforeTheRequestAndAcceptsBareLf) {
  const Parsed parsed = parse("\r\n\nGET / HTTP/1.1\nHost: h\n\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.path, "/");
}

TEST(RequestParser, DecidesWhetherTheConnectionCloses) {
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").wants_close);
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").wants_close);
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, CLOSE\r\n\r\n").wants_close);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\n\r\n").wants_close);
  EXPECT_FALSE(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").wants_close);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: close, keep-alive\r\n\r\n").wants_close);
  EXPECT_TRUE(
      parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n")
          .wants_close);
  RequestParser parser(kMaxHeader, kMaxBody);
  ASSERT_EQ(parser.feed("GET / HTTP/1.0\r\n\r\n"), Status::complete);
  EXPECT_TRUE(parser.http_10());
}

TEST(RequestParser, ReadsAContentLengthBody) {
  const std::string input = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
  RequestParser parser(kMaxHeader, kMaxBody);
  EXPECT_EQ(parser.feed(input.substr(0, input.size() - 3)), Status::need_more);
  EXPECT_EQ(parser.feed(input), Status::complete);
  EXPECT_EQ(parser.request().body, "hello world");
  EXPECT_EQ(parser.consumed(), input.size());
}

TEST(RequestParser, AcceptsRepeatedContentLengthsThatAgree) {
  const Parsed parsed =
      parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 003\r\n\r\nabc");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.body, "abc");
}

TEST(RequestParser, LeavesPipelinedBytesForTheNextRequest) {
  const std::string first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
  const std::string second = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string buffer = first + second + "GET /c";
  RequestParser parser(kMaxHeader, kMaxBody);
  ASSERT_EQ(parser.feed(buffer), Status::complete);
  EXPECT_EQ(parser.request().path, "/a");
  EXPECT_EQ(parser.request().body, "abc");
  EXPECT_EQ(parser.consumed(), first.size());
  buffer.erase(0, parser.consumed());
  parser.reset();
  ASSERT_EQ(parser.feed(buffer), Status::complete);
  EXPECT_EQ(parser.request().path, "/b");
  EXPECT_EQ(parser.consumed(), second.size());
  buffer.erase(0, parser.consumed());
  parser.reset();
  EXPECT_EQ(parser.feed(buffer), Status::need_more);
}

TEST(RequestParser, DecodesChunkedBodiesWithExtensionsAndTrailers) {
  const std::string input =
      "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "5;name=value ; flag\r\nhello\r\n"
      "6 ; quoted=\"a \\\"b\\\" c\"\r\n world\r\n"
      "A\r\n0123456789\r\n"
      "0;last\r\nX-Checksum: abc\r\nX-Other:  two \r\n\r\n"
      "NEXT";
  const Parsed parsed = parse(input);
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.body, "hello world0123456789");
  EXPECT_EQ(parsed.consumed, input.size() - 4);
  // Trailers are checked and dropped.
  EXPECT_FALSE(parsed.request.header("X-Checksum").has_value());
}

TEST(RequestParser, ChunkedBodyWithoutTrailers) {
  const Parsed parsed = parse(
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  ASSERT_EQ(parsed.status, Status::complete) << parsed.error;
  EXPECT_EQ(parsed.request.body, "abc");
}

TEST(RequestParser, AsksForContinueBeforeTheBody) {
  const std::string head =
      "PUT /f HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n";
  RequestParser parser(kMaxHeader, kMaxBody);
  EXPECT_EQ(parser.feed(head), Status::expect_continue);
  EXPECT_EQ(parser.feed(head), Status::expect_continue);
  parser.continue_accepted();
  EXPECT_EQ(parser.feed(head), Status::need_more);
  EXPECT_EQ(parser.feed(head + "data"), Status::complete);
  EXPECT_EQ(parser.request().body, "data");
}

TEST(RequestParser, ExpectWithoutABodyOrFromHttp10NeedsNoContinue) {
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n").status,
            Status::complete);
  RequestParser parser(kMaxHeader, kMaxBody);
  EXPECT_EQ(parser.feed("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"),
            Status::need_more);
}

TEST(RequestParser, RefusesATooLargeBodyInsteadOfAskingForIt) {
  RequestParser parser(kMaxHeader, 10);
  EXPECT_EQ(parser.feed(
                "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n"),
            Status::body_too_large);
  EXPECT_TRUE(parser.wants_close());
  EXPECT_FALSE(parser.error().empty());
}

TEST(RequestParser, RefusesATooLargeBodyAsSoonAsItsLengthIsKnown) {
  // No body byte has arrived.
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4097\r\n\r\n").status,
            Status::body_too_large);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4096\r\n\r\n").status,
            Status::need_more);
  // Chunks: each within the limit, together above it; refused at the size line.
  const std::string chunk(3000, 'x');
  const std::string chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
                              std::string("bb8\r\n") + chunk + "\r\nbb8\r\n";
  EXPECT_EQ(parse(chunked).status, Status::body_too_large);
  EXPECT_EQ(
      parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1001\r\n").status,
      Status::body_too_large);
  EXPECT_EQ(
      parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n").status,
      Status::need_more);
}

TEST(RequestParser, LimitsTheHeaderBytes) {
  const std::string head = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: ";
  const std::string end = "\r\n\r\n";
  // The request line and headers, with the blank line, take exactly the limit.
  const std::string exact = head + std::string(kMaxHeader - head.size() - end.size(), 'a') + end;
  EXPECT_EQ(parse(exact).status, Status::complete);
  const std::string over = head + std::string(kMaxHeader - head.size() - end.size() + 1, 'a') + end;
  EXPECT_EQ(parse(over).status, Status::headers_too_large);
  expect_same(parse_bytewise(over), parse(over));
  // Refused before the line ends: a client cannot make the server hold more.
  EXPECT_EQ(parse(head + std::string(kMaxHeader, 'a')).status, Status::headers_too_large);
  EXPECT_EQ(parse("GET /" + std::string(kMaxHeader, 'a')).status, Status::headers_too_large);
  // Many small headers count too.
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  while (many.size() <= kMaxHeader) many += "A: b\r\n";
  EXPECT_EQ(parse(many + "\r\n").status, Status::headers_too_large);
}

TEST(RequestParser, LimitsTheTrailerBytes) {
  const std::string input =
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + std::string("X: ") +
      std::string(kMaxHeader, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse(input).status, Status::headers_too_large);
}

struct Refusal {
  const char* what;
  std::string input;
  Status status;
};

std::vector<Refusal> refusals() {
  const std::string host = "Host: h\r\n";
  return {
      {"no version", "GET /\r\n" + host + "\r\n", Status::bad_request},
      {"two spaces", "GET  / HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"trailing space", "GET / HTTP/1.1 \r\n" + host + "\r\n", Status::bad_request},
      {"method not a token", "G(T / HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"lower-case version", "GET / http/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"malformed version", "GET / HTTP/1.10\r\n" + host + "\r\n", Status::bad_request},
      {"HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n", Status::version_not_supported},
      {"HTTP/0.9", "GET / HTTP/0.9\r\n" + host + "\r\n", Status::version_not_supported},
      {"HTTP/1.2", "GET / HTTP/1.2\r\n" + host + "\r\n", Status::version_not_supported},
      {"relative target", "GET index.html HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"fragment", "GET /a#b HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"control in target", "GET /a\x01 HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"asterisk for GET", "GET * HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"absolute without host", "GET http:///x HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"bad escape", "GET /%zz HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"short escape", "GET /a%4 HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"escaped NUL", "GET /a%00b HTTP/1.1\r\n" + host + "\r\n", Status::bad_request},
      {"space before colon", "GET / HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n", Status::bad_request},
      {"tab before colon", "GET / HTTP/1.1\r\n" + host + "X-A\t: b\r\n\r\n", Status::bad_request},
      {"obs-fold", "GET / HTTP/1.1\r\n" + host + "X-A: b\r\n  c\r\n\r\n", Status::bad_request},
      {"first header folded", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", Status::bad_request},
      {"no colon", "GET / HTTP/1.1\r\n" + host + "X-A b\r\n\r\n", Status::bad_request},
      {"empty name", "GET / HTTP/1.1\r\n" + host + ": b\r\n\r\n", Status::bad_request},
      {"name not a token", "GET / HTTP/1.1\r\n" + host + "X(A): b\r\n\r\n", Status::bad_request},
      {"control in value", "GET / HTTP/1.1\r\n" + host + "X-A: b\x01\r\n\r\n", Status::bad_request},
      {"NUL in value", "GET / HTTP/1.1\r\nX-A: a\0b\r\n"s + host + "\r\n", Status::bad_request},
      {"bare CR", "GET / HTTP/1.1\r\n" + host + "X-A: a\rb\r\n\r\n", Status::bad_request},
      {"no Host in 1.1", "GET / HTTP/1.1\r\n\r\n", Status::bad_request},
      {"two Hosts", "GET / HTTP/1.1\r\n" + host + host + "\r\n", Status::bad_request},
      {"length not digits", "POST / HTTP/1.1\r\n" + host + "Content-Length: 12a\r\n\r\n",
       Status::bad_request},
      {"negative length", "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n",
       Status::bad_request},
      {"signed length", "POST / HTTP/1.1\r\n" + host + "Content-Length: +1\r\n\r\n",
       Status::bad_request},
      {"empty length", "POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n\r\n",
       Status::bad_request},
      {"length list", "POST / HTTP/1.1\r\n" + host + "Content-Length: 1, 1\r\n\r\n",
       Status::bad_request},
      {"lengths disagree",
       "POST / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
       Status::bad_request},
      {"length overflows",
       "POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n",
       Status::bad_request},
      {"length and chunked",
       "POST / HTTP/1.1\r\n" + host +
           "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
       Status::bad_request},
      {"chunked twice",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n",
       Status::bad_request},
      {"chunked in two headers",
       "POST / HTTP/1.1\r\n" + host +
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
       Status::bad_request},
      {"empty coding", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: \r\n\r\n",
       Status::bad_request},
      {"gzip", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n",
       Status::not_implemented},
      {"gzip then chunked",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n",
       Status::not_implemented},
      {"identity", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: identity\r\n\r\n",
       Status::not_implemented},
      {"coding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
       Status::bad_request},
      {"chunk size not hex",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
       Status::bad_request},
      {"chunk size overflows",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\n",
       Status::bad_request},
      {"chunk longer than its size",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
       Status::bad_request},
      {"chunk data then CR only",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\rx0\r\n\r\n",
       Status::bad_request},
      {"chunk extension without name",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2;=x\r\nab\r\n",
       Status::bad_request},
      {"chunk extension unterminated quote",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2;a=\"x\r\nab\r\n",
       Status::bad_request},
      {"junk after chunk size",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n",
       Status::bad_request},
      {"chunk line too long",
       "POST / HTTP/1.1\r\n" + host +
           "Transfer-Encoding: chunked\r\n\r\n2;a=" + std::string(5000, 'b') + "\r\n",
       Status::bad_request},
      {"folded trailer",
       "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n",
       Status::bad_request},
  };
}

TEST(RequestParser, RefusesMalformedRequestsWithTheRightStatus) {
  for (const Refusal& refusal : refusals()) {
    SCOPED_TRACE(refusal.what);
    const Parsed parsed = parse(refusal.input);
    EXPECT_EQ(parsed.status, refusal.status);
    EXPECT_FALSE(parsed.error.empty());
    EXPECT_TRUE(parsed.wants_close);
  }
}

TEST(RequestParser, ARefusalIsFinal) {
  RequestParser parser(kMaxHeader, kMaxBody);
  ASSERT_EQ(parser.feed("GET / HTTP/9.9\r\n"), Status::version_not_supported);
  EXPECT_EQ(parser.feed("GET / HTTP/9.9\r\nHost: h\r\n\r\n"), Status::version_not_supported);
  parser.reset();
  EXPECT_TRUE(parser.error().empty());
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), Status::complete);
}

TEST(RequestParser, ByteByByteGivesWhatAllAtOnceGives) {
  std::vector<std::string> inputs = {
      "GET /a?b HTTP/1.1\r\nHost: h\r\nX: y\r\n\r\n",
      "\r\nPOST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;a=\"b;c\"\r\nhello\r\n1\nx\n0\r\nT: v\r\n\r\n",
      "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab",
  };
  for (const Refusal& refusal : refusals()) inputs.push_back(refusal.input);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    const Parsed whole = parse(input);
    expect_same(parse_bytewise(input), whole);
    // Split in two at every point.
    for (std::size_t split = 1; split < input.size(); ++split) {
      RequestParser parser(kMaxHeader, kMaxBody);
      Status status = parser.feed(std::string_view(input).substr(0, split));
      if (status == Status::expect_continue) {
        parser.continue_accepted();
        status = parser.feed(std::string_view(input).substr(0, split));
      }
      if (status == Status::need_more) {
        status = parser.feed(input);
        if (status == Status::expect_continue) {
          parser.continue_accepted();
          status = parser.feed(input);
        }
      }
      expect_same(finish(parser, status), whole);
    }
  }
}

// Liveness, not speed: a parser that rescanned its input on every byte would
// take minutes here (about 10^11 steps) instead of milliseconds.
TEST(RequestParser, ByteAtATimeInputIsParsedInLinearTime) {
  constexpr std::size_t kLarge = 1u << 20;
  const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nX-Long: " + std::string(kLarge, 'v') +
                           "\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string body_part;
  for (int i = 0; i < 1000; ++i)
    body_part += "3e8;ext=" + std::to_string(i) + "\r\n" + std::string(1000, 'b') + "\r\n";
  const std::string input = head + body_part + "0\r\n\r\n";
  RequestParser parser(2 * kLarge, 2 * kLarge);
  Status status = Status::need_more;
  for (std::size_t size = 1; size <= input.size() && status == Status::need_more; ++size) {
    status = parser.feed(std::string_view(input).substr(0, size));
  }
  ASSERT_EQ(status, Status::complete) << parser.error();
  EXPECT_EQ(parser.request().body.size(), 1000u * 1000u);
  EXPECT_EQ(parser.request().header("X-Long")->size(), kLarge);
}

}  // namespace
}  // namespace hearth::http
