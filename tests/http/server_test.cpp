// The server over loopback: requests and answers, keep-alive, pipelining,
// HEAD, 100-continue, binding.
#include "hearth/http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "hearth/util/error.h"
#include "http_client.h"
#include "raw_connection.h"

namespace hearth::http {
namespace {

using namespace std::chrono_literals;
constexpr auto kLiveness = 10s;

// Answers with what it received: "METHOD path?query|body", and the client's
// address and an echoed header as response headers.
void echo(const Request& request, Exchange& exchange) {
  std::vector<Header> headers{{"Content-Type", "text/plain"}, {"X-Remote", request.remote_address}};
  if (const auto value = request.header("X-Echo"))
    headers.push_back({"X-Echo", std::string(*value)});
  exchange.respond({.status = 200,
                    .headers = headers,
                    .body = request.method + " " + request.path +
                            (request.query.empty() ? "" : "?" + request.query) + "|" +
                            request.body});
}

TEST(Server, AnswersGetAndPost) {
  Server server({}, echo);
  server.start();
  testing::HttpResult result =
      testing::http_request("GET", base_url(server) + "/v1/models?x=1", {}, {{"X-Echo", "hi"}});
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "GET /v1/models?x=1|");
  EXPECT_EQ(result.header("x-echo"), "hi");
  EXPECT_EQ(result.header("X-Remote"), "127.0.0.1");
  EXPECT_EQ(result.header("Content-Length"), "19");

  const std::string body(100'000, 'b');
  result = testing::http_request("POST", base_url(server) + "/a%20b", body);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "POST /a b|" + body);
}

TEST(Server, ReusesAConnectionForSuccessiveRequests) {
  Server server({}, echo);
  server.start();
  testing::HttpClient client;
  for (int i = 0; i < 5; ++i) {
    const auto result = client.request("POST", base_url(server) + "/n", std::to_string(i));
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "POST /n|" + std::to_string(i));
    EXPECT_FALSE(result.header("Connection").has_value());
    EXPECT_EQ(client.last_new_connections(), i == 0 ? 1 : 0);
  }
  EXPECT_EQ(server.open_connections(), 1u);
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
  Server server({}, echo);
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(
      connection.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                      "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                      "GET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  bool closed = false;
  const std::string replies = connection.read_until_close(kLiveness, &closed);
  EXPECT_TRUE(closed);
  const std::size_t first = replies.find("GET /1|");
  const std::size_t second = replies.find("POST /2|abc");
  const std::size_t third = replies.find("GET /3|");
  ASSERT_NE(first, std::string::npos) << replies;
  ASSERT_NE(second, std::string::npos) << replies;
  ASSERT_NE(third, std::string::npos) << replies;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(replies.find("Connection: close\r\n"), std::string::npos);
}

TEST(Server, Http10ClosesUnlessAskedToKeepAlive) {
  Server server({}, echo);
  server.start();
  {
    RawConnection connection(server.port());
    ASSERT_TRUE(connection.send("GET /old HTTP/1.0\r\n\r\n"));
    bool closed = false;
    const std::string reply = connection.read_until_close(kLiveness, &closed);
    EXPECT_TRUE(closed);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 OK\r\n")) << reply;
    EXPECT_NE(reply.find("Connection: close\r\n"), std::string::npos);
  }
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  const std::string first = connection.read_response(kLiveness);
  EXPECT_NE(first.find("Connection: keep-alive\r\n"), std::string::npos) << first;
  EXPECT_TRUE(first.ends_with("GET /a|"));
  ASSERT_TRUE(connection.send("GET /b HTTP/1.0\r\n\r\n"));
  bool closed = false;
  const std::string second = connection.read_until_close(kLiveness, &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(second.ends_with("GET /b|")) << second;
}

TEST(Server, AnswersHeadWithoutABody) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.respond({.status = 200, .headers = {}, .body = "twelve bytes"});
  });
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send(
      "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  const std::string replies = connection.read_until_close(kLiveness);
  EXPECT_EQ(replies,
            "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"
            "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\ntwelve bytes");
  const auto result = testing::http_request("HEAD", base_url(server) + "/");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "");
}

TEST(Server, LeavesOutTheBodyOf204And304) {
  Server server({}, [](const Request& request, Exchange& exchange) {
    exchange.respond({.status = request.path == "/204" ? 204 : 304, .headers = {}, .body = "x"});
  });
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(
      connection.send("GET /204 HTTP/1.1\r\nHost: h\r\n\r\n"
                      "GET /304 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(connection.read_until_close(kLiveness),
            "HTTP/1.1 204 No Content\r\n\r\n"
            "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n");
}

TEST(Server, ReplacesFramingHeadersAHandlerSets) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.respond({.status = 200,
                      .headers = {{"Content-Length", "999"},
                                  {"Transfer-Encoding", "chunked"},
                                  {"Connection", "keep-alive"},
                                  {"X-Kept", "yes"}},
                      .body = "abc"});
  });
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(connection.read_until_close(kLiveness),
            "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
}

TEST(Server, SendsContinueBeforeReadingTheBody) {
  Server server({}, echo);
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send(
      "PUT /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  EXPECT_EQ(connection.read_response(kLiveness), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(connection.send("data"));
  const std::string reply = connection.read_response(kLiveness);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 OK\r\n")) << reply;
  EXPECT_TRUE(reply.ends_with("PUT /up|data")) << reply;

  // curl sends Expect for large bodies and waits for the 100.
  const std::string big(2 << 20, 'z');
  const auto result =
      testing::http_request("PUT", base_url(server) + "/big", big, {{"Expect", "100-continue"}});
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "PUT /big|" + big);
}

TEST(Server, DecodesAChunkedRequestBody) {
  Server server({}, echo);
  server.start();
  const std::string reply = testing::raw_exchange(
      server.port(),
      "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "4;ext=1\r\nabcd\r\n2\r\nef\r\n0\r\nX-Trailer: t\r\n\r\n",
      kLiveness);
  EXPECT_TRUE(reply.ends_with("POST /c|abcdef")) << reply;
}

TEST(Server, BindsIpv6AndLocalhost) {
  Server local({.host = "localhost"}, echo);
  local.start();
  EXPECT_EQ(
      testing::http_request("GET", "http://127.0.0.1:" + std::to_string(local.port()) + "/").status,
      200);
  std::unique_ptr<Server> server;
  try {
    server = std::make_unique<Server>(ServerOptions{.host = "::1"}, echo);
  } catch (const Error& error) {
    GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
  }
  server->start();
  const auto result =
      testing::http_request("GET", "http://[::1]:" + std::to_string(server->port()) + "/six");
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "GET /six|");
  EXPECT_EQ(result.header("X-Remote"), "::1");
}

TEST(Server, RefusesBadHostsAndBusyPorts) {
  try {
    Server server({.host = "example.com"}, echo);
    FAIL() << "a host name was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
  Server first({}, echo);
  try {
    Server second({.port = first.port()}, echo);
    FAIL() << "two servers bound one port";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::io);
    EXPECT_NE(std::string(error.what()).find(std::to_string(first.port())), std::string::npos);
  }
}

TEST(Server, TakesTimeoutsTooLongToAddAsNoLimit) {
  constexpr auto kForever = std::chrono::milliseconds::max();
  Server server({.request_timeout = kForever, .idle_timeout = kForever, .write_timeout = kForever},
                echo);
  server.start();
  testing::HttpClient client;
  EXPECT_EQ(client.request("GET", base_url(server) + "/").status, 200);
  EXPECT_EQ(client.request("GET", base_url(server) + "/").status, 200);
  server.stop(kForever);
  EXPECT_EQ(server.open_connections(), 0u);
}

TEST(Server, StopIsIdempotentAndWorksBeforeStart) {
  Server never_started({}, echo);
  never_started.stop();
  never_started.stop();
  never_started.start();  // does nothing once stopped
  Server server({}, echo);
  server.start();
  EXPECT_EQ(testing::http_request("GET", base_url(server) + "/").status, 200);
  server.stop();
  server.stop(0ms);
  const auto result = testing::http_request("GET", base_url(server) + "/", {}, {}, 2s);
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.error, "");
}

}  // namespace
}  // namespace hearth::http
