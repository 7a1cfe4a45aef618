#include <chrono>
#include <cstdint>

#include "sections.h"

namespace hearth::config::detail {

// The port `hearth serve` listens on unless told otherwise (as with -m).
constexpr std::uint16_t kDefaultPort = 8080;

void read_server(TableReader& root, server::ServerConfig& config) {
  config.http.port = kDefaultPort;
  const toml::table* table = root.subtable("server");
  if (table == nullptr) return;
  TableReader reader(*table, "[server]");
  reader.read("host", config.http.host);
  // 0: any free port (the address is printed at start).
  reader.read<std::uint16_t>("port", config.http.port, 0, 65535);
  if (std::optional<std::uint64_t> bytes = reader.read_size("max_body", 1)) {
    config.http.max_body_bytes = static_cast<std::size_t>(*bytes);
  }
  reader.read<std::size_t>("max_connections", config.http.max_connections, 1, 100'000);
  reader.read<std::uint32_t>("max_tokens", config.max_tokens, 1, 1u << 20);
  reader.read_duration("request_timeout", config.request_timeout, {.min = std::chrono::seconds(1)});
  reader.read_duration("idle_unload", config.idle_unload);
  if (std::optional<std::uint64_t> bytes = reader.read_size("memory_budget", 1)) {
    config.memory_budget = *bytes;
  }
  reader.finish();
}

}  // namespace hearth::config::detail
