// Streamed answers, clients that leave, handlers that fail, and stop().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
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
// How long a handler keeps going before the test counts it as stuck.
constexpr auto kHandlerLimit = 30s;

template <typename Done>
bool eventually(Done&& done, std::chrono::milliseconds limit = kLiveness) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(ServerStreaming, SendsEachPieceAsItIsWritten) {
  std::atomic<int> pieces_seen{0};
  Server server({}, [&](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {{"Content-Type", "text/event-stream"}});
    for (int i = 0; i < 5; ++i) {
      exchange.write("data: " + std::to_string(i) + "\n\n");
      // The client has this piece before the next is written: nothing is
      // held back until the end.
      eventually([&] { return pieces_seen.load() > i; });
    }
    exchange.finish();
  });
  server.start();
  std::string received;
  const auto result = testing::http_stream("GET", base_url(server) + "/events", {}, {},
                                           [&](std::string_view piece) {
                                             received += piece;
                                             ++pieces_seen;
                                             return true;
                                           });
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(result.header("Content-Type"), "text/event-stream");
  EXPECT_EQ(received, "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
}

TEST(ServerStreaming, FramesChunksAndSkipsEmptyWrites) {
  std::vector<bool> returned;
  Server server({}, [&](const Request&, Exchange& exchange) {
    returned.push_back(exchange.write("early"));
    returned.push_back(exchange.start_stream(200, {}));
    returned.push_back(exchange.write("hello"));
    returned.push_back(exchange.write(""));
    returned.push_back(exchange.write(" world"));
    returned.push_back(exchange.respond({}));
    returned.push_back(exchange.finish());
    returned.push_back(exchange.write("late"));
    returned.push_back(exchange.finish());
  });
  server.start();
  const std::string reply = testing::raw_exchange(
      server.port(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", kLiveness);
  EXPECT_EQ(reply,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(returned,
            (std::vector<bool>{false, true, true, true, true, false, true, false, false}));
}

TEST(ServerStreaming, StreamsToHttp10ClientsUntilClose) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    exchange.write("hello");
    exchange.write(" world");
    exchange.finish();
  });
  server.start();
  EXPECT_EQ(testing::raw_exchange(server.port(), "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                                  kLiveness),
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello world");
}

TEST(ServerStreaming, SendsNoBodyForHead) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    exchange.write("body");
    exchange.finish();
  });
  server.start();
  EXPECT_EQ(testing::raw_exchange(server.port(),
                                  "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n"
                                  "HEAD / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
                                  kLiveness),
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
}

TEST(ServerStreaming, AWriteFailsOnceTheClientAborts) {
  std::atomic<bool> write_failed{false};
  std::atomic<bool> gone_after{false};
  Server server({}, [&](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    const auto limit = std::chrono::steady_clock::now() + kHandlerLimit;
    while (std::chrono::steady_clock::now() < limit) {
      if (!exchange.write(std::string(1000, 't'))) {
        gone_after = exchange.client_gone();
        write_failed = true;
        return;
      }
      std::this_thread::sleep_for(5ms);
    }
  });
  server.start();
  const auto result = testing::http_stream("GET", base_url(server) + "/", {}, {},
                                           [](std::string_view) { return false; });
  EXPECT_NE(result.error, "");
  EXPECT_TRUE(eventually([&] { return write_failed.load(); }));
  EXPECT_TRUE(gone_after);
  EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
}

TEST(ServerStreaming, ClientGoneSeesAClientThatLeft) {
  std::atomic<bool> gone_at_start{true};
  std::atomic<bool> saw_gone{false};
  Server server({}, [&](const Request&, Exchange& exchange) {
    gone_at_start = exchange.client_gone();
    exchange.start_stream(200, {});
    exchange.write("working");
    saw_gone = eventually([&] { return exchange.client_gone(); }, kHandlerLimit);
  });
  server.start();
  {
    RawConnection connection(server.port());
    ASSERT_TRUE(connection.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
    const std::string head = connection.read_response(kLiveness);
    EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
  }
  EXPECT_TRUE(eventually([&] { return saw_gone.load(); }));
  EXPECT_FALSE(gone_at_start);
}

TEST(ServerStreaming, APipelinedRequestIsNotAClientGone) {
  std::atomic<bool> first_started{false};
  std::atomic<bool> second_sent{false};
  std::atomic<int> gone_while_waiting{-1};
  Server server({}, [&](const Request& request, Exchange& exchange) {
    if (request.path == "/first") {
      first_started = true;
      eventually([&] { return second_sent.load(); });
      std::this_thread::sleep_for(50ms);
      gone_while_waiting = exchange.client_gone() ? 1 : 0;
    }
    exchange.respond({.status = 200, .headers = {}, .body = request.path});
  });
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /first HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_TRUE(eventually([&] { return first_started.load(); }));
  ASSERT_TRUE(connection.send("GET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  second_sent = true;
  const std::string replies = connection.read_until_close(kLiveness);
  EXPECT_EQ(gone_while_waiting, 0);
  EXPECT_TRUE(replies.ends_with("/second")) << replies;
  EXPECT_NE(replies.find("/first"), std::string::npos) << replies;
}

TEST(ServerStreaming, StopLetsAStreamingHandlerFinishWithinGrace) {
  std::atomic<bool> saw_stopping{false};
  Server server({}, [&](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    const auto limit = std::chrono::steady_clock::now() + kHandlerLimit;
    while (!exchange.server_stopping() && std::chrono::steady_clock::now() < limit) {
      if (!exchange.write("tick\n")) return;
      std::this_thread::sleep_for(10ms);
    }
    saw_stopping = exchange.server_stopping();
    exchange.write("bye\n");
    exchange.finish();
  });
  server.start();
  std::atomic<bool> first_piece{false};
  std::string received;
  testing::HttpResult result;
  std::thread client([&] {
    result =
        testing::http_stream("GET", base_url(server) + "/", {}, {}, [&](std::string_view piece) {
          received += piece;
          first_piece = true;
          return true;
        });
  });
  ASSERT_TRUE(eventually([&] { return first_piece.load(); }));
  server.stop(kHandlerLimit);
  client.join();
  EXPECT_TRUE(saw_stopping);
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(received.ends_with("tick\nbye\n")) << received;
  EXPECT_EQ(result.header("Connection"), std::nullopt);
  EXPECT_EQ(server.open_connections(), 0u);
}

TEST(ServerStreaming, StopCutsOffAHandlerThatOutlastsGrace) {
  constexpr auto kGrace = 300ms;
  std::atomic<bool> write_failed{false};
  Server server({}, [&](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    const auto limit = std::chrono::steady_clock::now() + kHandlerLimit;
    while (std::chrono::steady_clock::now() < limit) {
      if (!exchange.write("tick\n")) {
        write_failed = true;
        return;
      }
      std::this_thread::sleep_for(10ms);
    }
  });
  server.start();
  std::atomic<bool> first_piece{false};
  testing::HttpResult result;
  std::thread client([&] {
    result = testing::http_stream("GET", base_url(server) + "/", {}, {}, [&](std::string_view) {
      first_piece = true;
      return true;
    });
  });
  ASSERT_TRUE(eventually([&] { return first_piece.load(); }));
  const auto stop_began = std::chrono::steady_clock::now();
  server.stop(kGrace);
  const auto stopped_after = std::chrono::steady_clock::now() - stop_began;
  client.join();
  EXPECT_GE(stopped_after, kGrace);
  EXPECT_TRUE(write_failed);
  EXPECT_NE(result.error, "");
}

TEST(ServerStreaming, StopClosesIdleConnectionsAtOnce) {
  Server server({.idle_timeout = 60s}, [](const Request&, Exchange& exchange) {
    exchange.respond({.status = 200, .headers = {}, .body = "ok"});
  });
  server.start();
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_TRUE(connection.read_response(kLiveness).ends_with("ok"));
  const auto stop_began = std::chrono::steady_clock::now();
  server.stop(60s);
  // Liveness: an idle connection does not hold stop() for its grace.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_began, 30s);
  bool closed = false;
  EXPECT_EQ(connection.read_until_close(kLiveness, &closed), "");
  EXPECT_TRUE(closed);
  EXPECT_EQ(server.open_connections(), 0u);
}

TEST(ServerStreaming, AnExceptionBecomesA500) {
  Server server({}, [](const Request& request, Exchange& exchange) {
    if (request.path == "/throw") throw std::runtime_error("secret detail");
    exchange.respond({.status = 200, .headers = {}, .body = "fine"});
  });
  server.start();
  testing::HttpClient client;
  auto result = client.request("GET", base_url(server) + "/throw");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  EXPECT_EQ(
      result.body,
      R"({"error":{"message":"The server failed while handling the request.","type":"server_error","param":null,"code":null}})");
  // The connection is still good.
  result = client.request("GET", base_url(server) + "/");
  EXPECT_EQ(result.body, "fine");
  EXPECT_EQ(client.last_new_connections(), 0);
}

TEST(ServerStreaming, AHandlerThatDoesNotAnswerGetsA500) {
  Server server({}, [](const Request&, Exchange&) {});
  server.start();
  const auto result = testing::http_request("POST", base_url(server) + "/", "x");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(
      result.body,
      R"({"error":{"message":"The request handler returned without answering.","type":"server_error","param":null,"code":null}})");
}

TEST(ServerStreaming, AnInvalidResponseHeaderBecomesA500) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.respond({.status = 200, .headers = {{"X-Split", "a\r\nInjected: 1"}}, .body = "x"});
  });
  server.start();
  const auto result = testing::http_request("GET", base_url(server) + "/");
  EXPECT_EQ(result.status, 500);
  EXPECT_FALSE(result.header("Injected").has_value());
}

TEST(ServerStreaming, AnExceptionMidStreamCutsTheConnection) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.start_stream(200, {});
    exchange.write("partial");
    throw std::runtime_error("failed mid-stream");
  });
  server.start();
  const auto result = testing::http_request("GET", base_url(server) + "/");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "partial");
  EXPECT_NE(result.error, "");
}

TEST(ServerStreaming, AStreamLeftOpenIsFinished) {
  Server server({}, [](const Request&, Exchange& exchange) {
    exchange.start_stream(201, {});
    exchange.write("all of it");
  });
  server.start();
  const auto result = testing::http_request("GET", base_url(server) + "/");
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.body, "all of it");
}

}  // namespace
}  // namespace hearth::http
