#include <fmt/format.h>

#include <chrono>

#include "hearth/store/audit_log.h"
#include "hearth/store/response_cache.h"
#include "hearth/util/error.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

// store's default place for a file, for a table that gives no `path`.
std::filesystem::path default_file(std::filesystem::path (*default_path)(),
                                   const toml::source_region& where, std::string_view table) {
  try {
    return default_path();
  } catch (const Error& error) {
    fail_at(where, fmt::format("{}; give `path` in {}", error.message(), table));
  }
}

void read_cache(TableReader& root, const Context& context, server::CacheConfig& cache) {
  const toml::table* table = root.subtable("cache");
  if (table == nullptr) return;
  TableReader reader(*table, "[cache]");
  reader.read("enabled", cache.enabled);
  std::string path;
  reader.read("path", path);
  if (!path.empty()) {
    cache.path = resolve_path(context, path);
  } else if (cache.enabled) {
    cache.path = default_file(store::default_cache_path, table->source(), "[cache]");
  }
  std::chrono::milliseconds ttl = cache.options.ttl;
  reader.read_duration("ttl", ttl, {.min = std::chrono::seconds(1)});
  cache.options.ttl = std::chrono::duration_cast<std::chrono::seconds>(ttl);
  if (std::optional<std::uint64_t> bytes = reader.read_size("max_size", 1)) {
    cache.options.max_bytes = *bytes;
  }
  reader.read("nondeterministic", cache.nondeterministic);
  reader.finish();
}

}  // namespace

void read_storage(TableReader& root, const Context& context, server::GatewayConfig& gateway) {
  read_cache(root, context, gateway.cache);
  if (const toml::table* audit = root.subtable("audit")) {
    TableReader reader(*audit, "[audit]");
    std::string path;
    reader.read("path", path);
    gateway.audit_path = path.empty()
                             ? default_file(store::default_audit_path, audit->source(), "[audit]")
                             : resolve_path(context, path);
    reader.finish();
  } else if (!gateway.providers.empty()) {
    // Every egress is recorded: the audit log is on whenever a provider is.
    gateway.audit_path =
        default_file(store::default_audit_path, root.table().get("providers")->source(), "[audit]");
  }
}

}  // namespace hearth::config::detail
