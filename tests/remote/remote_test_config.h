// Provider settings for tests against a FakeProvider: short timeouts and
// backoff so that failures show in milliseconds.
#pragma once

#include <chrono>
#include <string>

#include "fake_provider.h"
#include "hearth/remote/provider.h"

namespace hearth::remote {

inline ProviderConfig fake_config(const hearth::testing::FakeProvider& fake,
                                  std::string name = "fake") {
  ProviderConfig config;
  config.name = std::move(name);
  config.kind = fake.flavor() == hearth::testing::FakeFlavor::openai ? ProviderKind::openai
                                                                     : ProviderKind::anthropic;
  config.base_url = fake.base_url();
  config.models = {"test-model"};
  config.connect_timeout = std::chrono::milliseconds(1'000);
  config.read_timeout = std::chrono::milliseconds(2'000);
  config.retry.base_delay = std::chrono::milliseconds(5);
  config.retry.max_delay = std::chrono::milliseconds(2'000);
  return config;
}

inline RemoteRequest user_says(std::string text, bool stream = false) {
  RemoteRequest request;
  request.messages = {{"user", std::move(text)}};
  request.stream = stream;
  return request;
}

// Milliseconds since `start`.
inline long long elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace hearth::remote
