#include "metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace hearth::server {
namespace {

const std::vector<double> kLatencyBounds = {0.005, 0.01, 0.025, 0.05, 0.1,  0.25, 0.5,
                                            1.0,   2.5,  5.0,   10.0, 30.0, 60.0};
const std::vector<double> kRateBounds = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

std::string label(std::string_view name, std::string_view value) {
  return fmt::format("{}=\"{}\"", name, escape_label_value(value));
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

template <typename Value>
void render_counter(std::string& out, std::string_view name, std::string_view help,
                    const std::map<std::string, Value>& values) {
  header(out, name, "counter", help);
  for (const auto& [labels, value] : values)
    out += fmt::format("{}{{{}}} {}\n", name, labels, value);
}

std::string format_bound(double bound) {
  return fmt::format("{}", bound);
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::Histogram::observe(double value) {
  if (counts.empty()) counts.assign(bounds.size() + 1, 0);
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
  ++counts[bucket];
  sum += value;
  ++count;
}

void Metrics::count_request(std::string_view endpoint, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[label("endpoint", endpoint) + "," + label("status", std::to_string(status))];
}

void Metrics::count_error(std::string_view kind) {
  std::lock_guard lock(mutex_);
  ++errors_[label("kind", kind)];
}

void Metrics::count_tokens(std::string_view model, std::uint64_t prompt, std::uint64_t cached,
                           std::uint64_t completion) {
  std::lock_guard lock(mutex_);
  const std::string key = label("model", model);
  prompt_tokens_[key] += prompt;
  cached_tokens_[key] += cached;
  completion_tokens_[key] += completion;
}

void Metrics::observe_time_to_first_token(std::string_view model, double seconds) {
  std::lock_guard lock(mutex_);
  auto [it, added] = time_to_first_token_.try_emplace(label("model", model));
  if (added) it->second.bounds = kLatencyBounds;
  it->second.observe(seconds);
}

void Metrics::observe_tokens_per_second(std::string_view model, double rate) {
  std::lock_guard lock(mutex_);
  auto [it, added] = tokens_per_second_.try_emplace(label("model", model));
  if (added) it->second.bounds = kRateBounds;
  it->second.observe(rate);
}

void Metrics::observe_request_duration(std::string_view endpoint, double seconds) {
  std::lock_guard lock(mutex_);
  auto [it, added] = request_duration_.try_emplace(label("endpoint", endpoint));
  if (added) it->second.bounds = kLatencyBounds;
  it->second.observe(seconds);
}

void Metrics::count_model_load(std::string_view model) {
  std::lock_guard lock(mutex_);
  ++loads_[label("model", model)];
}

void Metrics::count_model_unload(std::string_view model) {
  std::lock_guard lock(mutex_);
  ++unloads_[label("model", model)];
}

void Metrics::count_route(std::string_view route, std::string_view step) {
  std::lock_guard lock(mutex_);
  ++routes_[label("route", route) + "," + label("step", step)];
}

void Metrics::count_egress(std::string_view provider, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++egresses_[label("provider", provider) + "," + label("outcome", outcome)];
}

void Metrics::add_remote_cost(std::string_view provider, double usd) {
  std::lock_guard lock(mutex_);
  remote_cost_[label("provider", provider)] += usd;
}

void Metrics::observe_egress_latency(std::string_view provider, double seconds) {
  std::lock_guard lock(mutex_);
  auto [it, added] = egress_latency_.try_emplace(label("provider", provider));
  if (added) it->second.bounds = kLatencyBounds;
  it->second.observe(seconds);
}

void Metrics::count_cache_lookup(bool hit) {
  std::lock_guard lock(mutex_);
  ++cache_lookups_[label("result", hit ? "hit" : "miss")];
}

std::string Metrics::render(std::span<const ModelGauges> models,
                            std::size_t open_connections) const {
  std::lock_guard lock(mutex_);
  std::string out;
  render_counter(out, "hearth_requests_total", "HTTP requests answered, by endpoint and status.",
                 requests_);
  render_counter(out, "hearth_errors_total", "Requests answered with an error, by kind.", errors_);
  render_counter(out, "hearth_prompt_tokens_total", "Prompt tokens of finished requests.",
                 prompt_tokens_);
  render_counter(out, "hearth_cached_prompt_tokens_total",
                 "Prompt tokens reused from the cache instead of recomputed.", cached_tokens_);
  render_counter(out, "hearth_completion_tokens_total", "Tokens generated.", completion_tokens_);
  render_counter(out, "hearth_model_loads_total", "Times a model was loaded.", loads_);
  render_counter(out, "hearth_model_unloads_total", "Times a model was unloaded.", unloads_);
  render_counter(out, "hearth_route_decisions_total",
                 "Routing decisions, by route (local, remote, refuse) and the step that decided.",
                 routes_);
  render_counter(out, "hearth_egress_total",
                 "Requests sent to remote providers, by provider and outcome.", egresses_);
  render_counter(out, "hearth_remote_cost_usd_total", "Remote spend in USD, by provider.",
                 remote_cost_);
  render_counter(out, "hearth_cache_lookups_total", "Response cache lookups, by result.",
                 cache_lookups_);

  const auto render_histograms = [&](std::string_view name, std::string_view help,
                                     const std::map<std::string, Histogram>& histograms) {
    header(out, name, "histogram", help);
    for (const auto& [labels, histogram] : histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < histogram.bounds.size(); ++i) {
        cumulative += histogram.counts[i];
        out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels,
                           format_bound(histogram.bounds[i]), cumulative);
      }
      out += fmt::format("{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, histogram.count);
      out += fmt::format("{}_sum{{{}}} {}\n", name, labels, histogram.sum);
      out += fmt::format("{}_count{{{}}} {}\n", name, labels, histogram.count);
    }
  };
  render_histograms("hearth_time_to_first_token_seconds",
                    "From a request's arrival to its first generated token.", time_to_first_token_);
  render_histograms("hearth_generation_tokens_per_second",
                    "Each request's generation speed after its first token.", tokens_per_second_);
  render_histograms("hearth_request_duration_seconds", "Whole requests, by endpoint.",
                    request_duration_);
  render_histograms("hearth_egress_latency_seconds", "Remote provider calls, by provider.",
                    egress_latency_);

  header(out, "hearth_queue_depth", "gauge", "Requests waiting for a slot.");
  for (const ModelGauges& model : models) {
    out += fmt::format("hearth_queue_depth{{{}}} {}\n", label("model", model.model), model.waiting);
  }
  header(out, "hearth_active_requests", "gauge", "Requests holding a slot.");
  for (const ModelGauges& model : models) {
    out +=
        fmt::format("hearth_active_requests{{{}}} {}\n", label("model", model.model), model.active);
  }
  header(out, "hearth_model_loaded", "gauge", "1 while the model is in memory.");
  for (const ModelGauges& model : models) {
    out += fmt::format("hearth_model_loaded{{{}}} {}\n", label("model", model.model),
                       model.loaded ? 1 : 0);
  }
  header(out, "hearth_open_connections", "gauge", "HTTP connections open now.");
  out += fmt::format("hearth_open_connections {}\n", open_connections);
  return out;
}

}  // namespace hearth::server
