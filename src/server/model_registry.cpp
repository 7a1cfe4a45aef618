#include "model_registry.h"

#include <fmt/format.h>

#include "api_error.h"
#include "hearth/engine/model.h"
#include "hearth/engine/session.h"
#include "hearth/util/error.h"

namespace hearth::server {
namespace {

using Clock = std::chrono::steady_clock;

ApiError unavailable(std::string message) {
  ApiError error(503, "server_error", std::move(message), std::nullopt, "model_unavailable");
  error.retry_after = 5;
  return error;
}

}  // namespace

ModelLease::ModelLease(ModelLease&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)),
      id_(std::move(other.id_)),
      scheduler_(std::move(other.scheduler_)) {}

ModelLease& ModelLease::operator=(ModelLease&& other) noexcept {
  if (this != &other) {
    release();
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = std::move(other.id_);
    scheduler_ = std::move(other.scheduler_);
  }
  return *this;
}

ModelLease::~ModelLease() {
  release();
}

void ModelLease::release() noexcept {
  if (registry_ != nullptr) registry_->release(id_);
  registry_ = nullptr;
  scheduler_.reset();
}

ModelRegistry::ModelRegistry(std::vector<ModelConfig> models, std::chrono::milliseconds idle_unload,
                             std::optional<std::uint64_t> memory_budget, Metrics& metrics)
    : idle_unload_(idle_unload), memory_budget_(memory_budget), metrics_(metrics) {
  for (ModelConfig& model : models) entries_.push_back(Entry{std::move(model), {}, false, 0, {}});
  if (idle_unload_.count() > 0) {
    janitor_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stopping_) {
        const auto period = std::max(std::chrono::milliseconds(50), idle_unload_ / 4);
        changed_.wait_for(lock, std::min(period, std::chrono::milliseconds(1000)));
        std::vector<std::shared_ptr<engine::Scheduler>> unloaded;
        unload_idle_locked(unloaded);
        // Schedulers are destroyed (their threads joined) outside the lock.
        lock.unlock();
        unloaded.clear();
        lock.lock();
      }
    });
  }
}

ModelRegistry::~ModelRegistry() {
  shutdown(std::chrono::milliseconds(0));
}

std::vector<std::string> ModelRegistry::ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const Entry& entry : entries_) ids.push_back(entry.config.id);
  return ids;
}

bool ModelRegistry::has(std::string_view id) const {
  std::lock_guard lock(mutex_);
  return find(id) != nullptr;
}

ModelRegistry::Entry* ModelRegistry::find(std::string_view id) {
  for (Entry& entry : entries_) {
    if (entry.config.id == id) return &entry;
  }
  return nullptr;
}

const ModelRegistry::Entry* ModelRegistry::find(std::string_view id) const {
  for (const Entry& entry : entries_) {
    if (entry.config.id == id) return &entry;
  }
  return nullptr;
}

std::uint64_t ModelRegistry::loaded_bytes_locked() const {
  std::uint64_t bytes = 0;
  for (const Entry& entry : entries_) {
    if (entry.scheduler) bytes += entry.scheduler->memory_bytes();
  }
  return bytes;
}

ModelLease ModelRegistry::acquire(std::string_view id) {
  std::unique_lock lock(mutex_);
  Entry* entry = find(id);
  if (entry == nullptr) {
    throw ApiError(
        404, "invalid_request_error",
        fmt::format("The model `{}` does not exist or you do not have access to it.", id), "model",
        "model_not_found");
  }
  changed_.wait(lock, [&] { return !entry->loading || stopping_; });
  if (stopping_) throw unavailable("the server is shutting down");
  if (!entry->scheduler) {
    entry->loading = true;
    lock.unlock();
    std::shared_ptr<engine::Scheduler> scheduler;
    std::optional<ApiError> failure;
    try {
      scheduler = load_within_budget(*entry, engine::Model::load(entry->config.path));
    } catch (const Error& error) {
      failure =
          unavailable(fmt::format("cannot load model `{}`: {}", entry->config.id, error.message()));
    }
    lock.lock();
    entry->loading = false;
    changed_.notify_all();
    if (failure) throw *failure;
    entry->scheduler = std::move(scheduler);
    metrics_.count_model_load(entry->config.id);
  }
  ++entry->leases;
  entry->last_used = Clock::now();
  return ModelLease(this, entry->config.id, entry->scheduler);
}

std::shared_ptr<engine::Scheduler> ModelRegistry::load_within_budget(
    const Entry& entry, std::shared_ptr<const engine::Model> model) {
  engine::SchedulerOptions options = entry.config.scheduler;
  while (true) {
    if (memory_budget_) {
      std::lock_guard lock(mutex_);
      const std::uint64_t used = loaded_bytes_locked();
      options.memory_budget = *memory_budget_ > used ? *memory_budget_ - used : 0;
    }
    try {
      return std::make_shared<engine::Scheduler>(model, options);
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::resource_exhausted || !memory_budget_) throw;
      // Unload the least recently used idle model and try again.
      std::shared_ptr<engine::Scheduler> evicted;
      {
        std::lock_guard lock(mutex_);
        Entry* oldest = nullptr;
        for (Entry& other : entries_) {
          if (&other == &entry || !other.scheduler || other.leases > 0) continue;
          if (oldest == nullptr || other.last_used < oldest->last_used) oldest = &other;
        }
        if (oldest == nullptr) throw;
        evicted = std::move(oldest->scheduler);
        oldest->scheduler.reset();
        metrics_.count_model_unload(oldest->config.id);
      }
    }
  }
}

void ModelRegistry::release(const std::string& id) noexcept {
  std::lock_guard lock(mutex_);
  if (Entry* entry = find(id)) {
    --entry->leases;
    entry->last_used = Clock::now();
  }
  changed_.notify_all();
}

void ModelRegistry::unload_idle_locked(std::vector<std::shared_ptr<engine::Scheduler>>& unloaded) {
  const Clock::time_point now = Clock::now();
  for (Entry& entry : entries_) {
    if (entry.scheduler && entry.leases == 0 && now - entry.last_used >= idle_unload_) {
      unloaded.push_back(std::move(entry.scheduler));
      entry.scheduler.reset();
      metrics_.count_model_unload(entry.config.id);
    }
  }
}

std::vector<ModelGauges> ModelRegistry::gauges() const {
  std::lock_guard lock(mutex_);
  std::vector<ModelGauges> gauges;
  for (const Entry& entry : entries_) {
    ModelGauges gauge;
    gauge.model = entry.config.id;
    if (entry.scheduler) {
      const engine::SchedulerStats stats = entry.scheduler->stats();
      gauge.loaded = true;
      gauge.waiting = stats.waiting;
      gauge.active = stats.active;
      gauge.slots = stats.slots;
    }
    gauges.push_back(std::move(gauge));
  }
  return gauges;
}

void ModelRegistry::shutdown(std::chrono::milliseconds grace) {
  std::vector<std::shared_ptr<engine::Scheduler>> schedulers;
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
    // Running requests hold leases: give them the grace period.
    changed_.wait_for(lock, grace, [&] {
      for (const Entry& entry : entries_) {
        if (entry.leases > 0) return false;
      }
      return true;
    });
    for (Entry& entry : entries_) {
      if (entry.scheduler) schedulers.push_back(entry.scheduler);
    }
  }
  if (janitor_.joinable()) janitor_.join();
  // Cancels whatever still runs; the handlers then see their requests end.
  for (const auto& scheduler : schedulers) scheduler->shutdown(true);
  std::lock_guard lock(mutex_);
  for (Entry& entry : entries_) entry.scheduler.reset();
}

}  // namespace hearth::server
