// The server's counters and histograms, rendered in Prometheus' text
// exposition format (version 0.0.4) for GET /metrics.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::server {

// Gauges read at scrape time from the model registry.
struct ModelGauges {
  std::string model;
  bool loaded = false;
  std::size_t waiting = 0;
  std::size_t active = 0;
  std::uint32_t slots = 0;
};

class Metrics {
 public:
  void count_request(std::string_view endpoint, int status);
  void count_error(std::string_view kind);
  void count_tokens(std::string_view model, std::uint64_t prompt, std::uint64_t cached,
                    std::uint64_t completion);
  void observe_time_to_first_token(std::string_view model, double seconds);
  void observe_tokens_per_second(std::string_view model, double rate);
  void observe_request_duration(std::string_view endpoint, double seconds);
  void count_model_load(std::string_view model);
  void count_model_unload(std::string_view model);
  // The gateway: each routing decision (by route and the step that decided),
  // each egress to a provider by outcome, its cost and latency, cache lookups.
  void count_route(std::string_view route, std::string_view step);
  void count_egress(std::string_view provider, std::string_view outcome);
  void add_remote_cost(std::string_view provider, double usd);
  void observe_egress_latency(std::string_view provider, double seconds);
  void count_cache_lookup(bool hit);

  std::string render(std::span<const ModelGauges> models, std::size_t open_connections) const;

 private:
  struct Histogram {
    std::vector<double> bounds;
    std::vector<std::uint64_t> counts;  // per bucket, not cumulative
    double sum = 0.0;
    std::uint64_t count = 0;
    void observe(double value);
  };
  using Labels = std::string;  // rendered: endpoint="/v1/models",status="200"

  mutable std::mutex mutex_;
  std::map<Labels, std::uint64_t> requests_;
  std::map<Labels, std::uint64_t> errors_;
  std::map<Labels, std::uint64_t> prompt_tokens_;
  std::map<Labels, std::uint64_t> cached_tokens_;
  std::map<Labels, std::uint64_t> completion_tokens_;
  std::map<Labels, std::uint64_t> loads_;
  std::map<Labels, std::uint64_t> unloads_;
  std::map<Labels, std::uint64_t> routes_;
  std::map<Labels, std::uint64_t> egresses_;
  std::map<Labels, double> remote_cost_;
  std::map<Labels, std::uint64_t> cache_lookups_;
  std::map<Labels, Histogram> egress_latency_;
  std::map<Labels, Histogram> time_to_first_token_;
  std::map<Labels, Histogram> tokens_per_second_;
  std::map<Labels, Histogram> request_duration_;
};

// A label value escaped for the exposition format (\\, \", \n).
std::string escape_label_value(std::string_view value);

}  // namespace hearth::server
