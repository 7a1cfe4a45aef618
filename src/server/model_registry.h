// The configured models: each loads on first use (its scheduler starts) and
// unloads after an idle time or when another needs the memory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hearth/engine/scheduler.h"
#include "hearth/server/api_server.h"
#include "metrics.h"

namespace hearth::server {

class ModelRegistry;

// A model in use: it is not unloaded while a lease on it exists.
class ModelLease {
 public:
  ModelLease() = default;
  ModelLease(ModelLease&& other) noexcept;
  ModelLease& operator=(ModelLease&& other) noexcept;
  ModelLease(const ModelLease&) = delete;
  ModelLease& operator=(const ModelLease&) = delete;
  ~ModelLease();

  engine::Scheduler& scheduler() const noexcept { return *scheduler_; }
  const std::string& id() const noexcept { return id_; }

 private:
  friend class ModelRegistry;
  ModelLease(ModelRegistry* registry, std::string id, std::shared_ptr<engine::Scheduler> scheduler)
      : registry_(registry), id_(std::move(id)), scheduler_(std::move(scheduler)) {}
  void release() noexcept;

  ModelRegistry* registry_ = nullptr;
  std::string id_;
  std::shared_ptr<engine::Scheduler> scheduler_;
};

class ModelRegistry {
 public:
  ModelRegistry(std::vector<ModelConfig> models, std::chrono::milliseconds idle_unload,
                std::optional<std::uint64_t> memory_budget, Metrics& metrics);
  // Unloads everything (cancelling what still runs).
  ~ModelRegistry();

  std::vector<std::string> ids() const;
  bool has(std::string_view id) const;

  // The model, loaded now if it is not (other requests for it wait for the
  // load). Throws ApiError 404 for an unknown id, 503 when it cannot be
  // loaded (memory, a corrupt file) or the server is shutting down.
  ModelLease acquire(std::string_view id);

  std::vector<ModelGauges> gauges() const;

  // Refuses new leases; lets running requests finish for up to `grace`,
  // then cancels them; unloads every model.
  void shutdown(std::chrono::milliseconds grace);

 private:
  friend class ModelLease;
  struct Entry {
    ModelConfig config;
    std::shared_ptr<engine::Scheduler> scheduler;
    bool loading = false;
    std::size_t leases = 0;
    std::chrono::steady_clock::time_point last_used{};
  };
  void release(const std::string& id) noexcept;
  // Starts the model's scheduler within what the budget leaves, unloading
  // idle models (least recently used first) while it does not fit.
  std::shared_ptr<engine::Scheduler> load_within_budget(const Entry& entry,
                                                        std::shared_ptr<const engine::Model> model);
  Entry* find(std::string_view id);
  const Entry* find(std::string_view id) const;
  // Unloads models idle longer than idle_unload_; the janitor thread's job.
  void unload_idle_locked(std::vector<std::shared_ptr<engine::Scheduler>>& unloaded);
  std::uint64_t loaded_bytes_locked() const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Entry> entries_;
  std::chrono::milliseconds idle_unload_;
  std::optional<std::uint64_t> memory_budget_;
  Metrics& metrics_;
  bool stopping_ = false;
  std::thread janitor_;
};

}  // namespace hearth::server
