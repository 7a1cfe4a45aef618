// What the server refuses before a handler sees it, and the limits it keeps:
// 400, 413, 431, 501, 505, 408, idle close, 503 and the connection threads.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "hearth/http/server.h"
#include "http_client.h"
#include "raw_connection.h"

namespace hearth::http {
namespace {

using namespace std::chrono_literals;
constexpr auto kLiveness = 10s;

void answer_ok(const Request& request, Exchange& exchange) {
  exchange.respond({.status = 200, .headers = {}, .body = "ok " + request.body});
}

// The status code of a raw answer, or 0.
int status_of(const std::string& reply) {
  if (!reply.starts_with("HTTP/1.1 ") || reply.size() < 12) return 0;
  return std::stoi(reply.substr(9, 3));
}

std::string body_of(const std::string& reply) {
  const std::size_t end = reply.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : reply.substr(end + 4);
}

// Sends `request`, expects the server to answer `status` with a JSON error
// and to close the connection.
void expect_refusal(const Server& server, const std::string& request, int status) {
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.connected());
  connection.send(request);
  bool closed = false;
  const std::string reply = connection.read_until_close(kLiveness, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(status_of(reply), status) << reply;
  EXPECT_NE(reply.find("\r\nContent-Type: application/json\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\nConnection: close\r\n"), std::string::npos) << reply;
  const std::string body = body_of(reply);
  EXPECT_TRUE(body.starts_with(R"({"error":{"message":")")) << body;
  EXPECT_TRUE(body.ends_with(R"(","type":"invalid_request_error","param":null,"code":null}})"))
      << body;
}

std::size_t thread_count() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Threads:")) return std::stoul(line.substr(8));
  }
  return 0;
}

// Waits (for liveness only) until `done` holds; returns whether it did.
template <typename Done>
bool eventually(Done&& done, std::chrono::milliseconds limit = kLiveness) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(ServerLimits, RefusesMalformedRequestsWith400) {
  Server server({}, answer_ok);
  server.start();
  expect_refusal(server, "GARBAGE\r\n\r\n", 400);
  expect_refusal(server, "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400);
  expect_refusal(server, "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n", 400);
  expect_refusal(server, "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400);
  expect_refusal(server,
                 "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n",
                 400);
  // The refusal names the problem.
  const std::string reply =
      testing::raw_exchange(server.port(), "GET / HTTP/1.1\r\n\r\n", kLiveness);
  EXPECT_NE(reply.find("Host header"), std::string::npos) << reply;
}

TEST(ServerLimits, RefusesOtherVersionsWith505AndCodingsWith501) {
  Server server({}, answer_ok);
  server.start();
  expect_refusal(server, "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505);
  expect_refusal(server, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
}

TEST(ServerLimits, RefusesLargeBodiesWith413BeforeReadingThem) {
  Server server({.max_body_bytes = 1024}, answer_ok);
  server.start();
  // Declared: answered without a body byte sent.
  expect_refusal(server, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000\r\n\r\n", 413);
  // Declared with Expect: 413 instead of 100.
  expect_refusal(
      server, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n",
      413);
  // Chunked: known at the chunk that crosses the limit.
  expect_refusal(server,
                 "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" +
                     std::string(512, 'a') + "\r\n201\r\n",
                 413);
  // A client that sends its body anyway still gets the answer.
  const auto result = testing::http_request("POST", base_url(server) + "/", std::string(4096, 'x'),
                                            {{"Expect", ""}});
  EXPECT_EQ(result.status, 413) << result.error;
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  // The limit itself is accepted.
  EXPECT_EQ(testing::http_request("POST", base_url(server) + "/", std::string(1024, 'x')).status,
            200);
}

TEST(ServerLimits, RefusesLargeHeadersWith431) {
  Server server({.max_header_bytes = 1024}, answer_ok);
  server.start();
  expect_refusal(server,
                 "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", 431);
  const auto result =
      testing::http_request("GET", base_url(server) + "/", {}, {{"X-Big", std::string(2000, 'a')}});
  EXPECT_EQ(result.status, 431);
}

TEST(ServerLimits, AnswersASlowClientWith408) {
  Server server({.request_timeout = 200ms}, answer_ok);
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET / HTTP/1.1\r\nHost: h\r\n"));
  bool closed = false;
  const std::string reply = connection.read_until_close(kLiveness, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(status_of(reply), 408) << reply;

  // The time counts from the request's first byte: trickling bytes does not
  // extend it.
  RawConnection trickle(server.port());
  const std::string request = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n";
  ASSERT_TRUE(trickle.send(request));
  std::string trickled;
  for (int i = 0; i < 200; ++i) {
    if (!trickle.send("x")) break;
    std::this_thread::sleep_for(20ms);
    trickled = trickle.read_response(1ms);
    if (!trickled.empty()) break;
  }
  if (trickled.empty()) trickled = trickle.read_response(kLiveness);
  EXPECT_EQ(status_of(trickled), 408) << trickled;
}

TEST(ServerLimits, ClosesIdleConnectionsSilently) {
  Server server({.idle_timeout = 200ms}, answer_ok);
  server.start();
  RawConnection silent(server.port());
  bool closed = false;
  EXPECT_EQ(silent.read_until_close(kLiveness, &closed), "");
  EXPECT_TRUE(closed);

  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  const std::string reply = connection.read_response(kLiveness);
  EXPECT_EQ(status_of(reply), 200);
  EXPECT_EQ(connection.read_until_close(kLiveness, &closed), "");
  EXPECT_TRUE(closed);
  EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
}

TEST(ServerLimits, AnswersConnectionsOverTheLimitWith503) {
  Server server({.max_connections = 2}, answer_ok);
  server.start();
  RawConnection first(server.port());
  RawConnection second(server.port());
  ASSERT_TRUE(eventually([&] { return server.open_connections() == 2; }));

  const std::string reply =
      testing::raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n", kLiveness);
  EXPECT_EQ(status_of(reply), 503) << reply;
  EXPECT_NE(reply.find("\r\nRetry-After: 1\r\n"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\nConnection: close\r\n"), std::string::npos) << reply;
  EXPECT_EQ(testing::http_request("GET", base_url(server) + "/").status, 503);

  // The held connections still work, and a freed slot is taken again.
  ASSERT_TRUE(first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(status_of(first.read_response(kLiveness)), 200);
  second.close();
  ASSERT_TRUE(eventually([&] { return server.open_connections() == 1; }));
  EXPECT_EQ(testing::http_request("GET", base_url(server) + "/").status, 200);
}

TEST(ServerLimits, ThreadsDoNotAccumulateOverThousandsOfConnections) {
  Server server({}, answer_ok);
  server.start();
  ASSERT_TRUE(eventually([&] { return thread_count() > 0; }));
  const std::size_t threads_before = thread_count();
  std::size_t most_open = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto result = testing::http_request("POST", base_url(server) + "/", std::to_string(i));
    ASSERT_EQ(result.status, 200) << result.error;
    ASSERT_EQ(result.body, "ok " + std::to_string(i));
    most_open = std::max(most_open, server.open_connections());
  }
  EXPECT_LT(most_open, 50u);
  EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
  // Every connection thread has been joined; only the accept loop remains.
  EXPECT_TRUE(eventually([&] { return thread_count() <= threads_before; }))
      << thread_count() << " threads, " << threads_before << " before";
}

}  // namespace
}  // namespace hearth::http
