#include <algorithm>
#include <cctype>
#include <chrono>

#include "names.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

// Provider names appear in `remote:NAME/MODEL`, so they are plain words.
bool is_plain_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

void read_kind(TableReader& reader, remote::ProviderKind& out) {
  std::string kind;
  reader.read("kind", kind);
  if (kind.empty()) return;
  if (kind == "openai") {
    out = remote::ProviderKind::openai;
  } else if (kind == "anthropic") {
    out = remote::ProviderKind::anthropic;
  } else {
    reader.fail_value("kind", "`kind` must be \"openai\" or \"anthropic\"");
  }
}

// http(s)://HOST..., without a trailing slash (paths are appended to it).
std::string read_base_url(TableReader& reader) {
  std::string url = reader.required_string("base_url");
  const std::size_t scheme_end = url.find("://");
  const std::string_view scheme = std::string_view(url).substr(0, scheme_end);
  if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https") ||
      scheme_end + 3 == url.size() || url[scheme_end + 3] == '/') {
    reader.fail_value("base_url", "`base_url` must be an http:// or https:// URL");
  }
  while (url.ends_with('/')) url.pop_back();
  return url;
}

void read_retry_and_breaker(TableReader& reader, remote::ProviderConfig& provider) {
  const DurationRange positive{.min = std::chrono::milliseconds(1)};
  reader.read_duration("connect_timeout", provider.connect_timeout, positive);
  reader.read_duration("read_timeout", provider.read_timeout, positive);
  reader.read("max_attempts", provider.retry.max_attempts, 1, 100);
  reader.read_duration("retry_base_delay", provider.retry.base_delay);
  reader.read_duration("retry_max_delay", provider.retry.max_delay);
  if (provider.retry.max_delay < provider.retry.base_delay) {
    const std::string_view key =
        reader.table().contains("retry_max_delay") ? "retry_max_delay" : "retry_base_delay";
    reader.fail_value(key, "`retry_max_delay` must not be shorter than `retry_base_delay`");
  }
  reader.read("breaker_failures", provider.breaker.failure_threshold, 1, 1'000'000);
  reader.read_duration("breaker_open_for", provider.breaker.open_for, positive);
}

}  // namespace

void read_providers(TableReader& root, const Context& context,
                    std::vector<remote::ProviderConfig>& providers) {
  UniqueNames names("provider name");
  for (const toml::table* table : root.tables("providers", "[[providers]]")) {
    TableReader reader(*table, "[[providers]]");
    remote::ProviderConfig provider;
    provider.name = reader.required_string("name");
    if (!is_plain_name(provider.name)) {
      reader.fail_value("name", "a provider name may hold only letters, digits, '-', '_' and '.'");
    }
    names.add(provider.name, *reader.find("name"));
    read_kind(reader, provider.kind);
    provider.base_url = read_base_url(reader);
    if (std::optional<std::string> key = reader.read_environment("api_key_env", context.env)) {
      provider.api_key = std::move(*key);
      reader.read("api_key_env", provider.api_key_env);
    }
    reader.read("models", provider.models);
    if (provider.models.empty()) {
      if (reader.find("models") == nullptr) reader.fail_missing("models");
      reader.fail_value("models", "`models` must name at least one model");
    }
    constexpr double kDearest = 1e6;  // USD per million tokens
    reader.read("price_input_per_million", provider.price.input_per_million, 0.0, kDearest);
    reader.read("price_output_per_million", provider.price.output_per_million, 0.0, kDearest);
    read_retry_and_breaker(reader, provider);
    reader.read("anthropic_version", provider.anthropic_version);
    reader.finish();
    providers.push_back(std::move(provider));
  }
}

}  // namespace hearth::config::detail
