// One connection's life on its own thread: read a request, hand it to the
// handler, keep the connection for the next one or end it.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::http {

struct ConnectionContext {
  const ServerOptions& options;
  const Handler& handler;
  const std::atomic<bool>& stopping;
  int stop_fd;  // readable once stop() has begun
};

// Serves requests on `fd` until the connection ends (the client closes, a
// limit is hit, the answer said close, or the server stops). The caller
// closes `fd` afterwards.
void serve_connection(const ConnectionContext& context, int fd, const std::string& remote_address);

// A whole answer that closes the connection, with a JSON error body
// {"error":{"message":...,"type":...}}.
std::string error_answer(int status, std::string_view message, std::string_view type,
                         const std::vector<Header>& extra_headers = {});

}  // namespace hearth::http
