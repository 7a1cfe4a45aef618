// Counts what one render spends against its RenderLimits.
#pragma once

#include <cstddef>

#include "hearth/chat/template.h"

namespace hearth::chat::jinja {

class RenderBudget {
 public:
  explicit RenderBudget(const RenderLimits& limits) : limits_(limits) {}

  const RenderLimits& limits() const noexcept { return limits_; }
  // The most bytes one string may hold: what to_str() and to_repr() get.
  std::size_t max_string_bytes() const noexcept { return limits_.max_output_bytes; }

  // One loop iteration or macro call.
  void count_step();
  // `units` more bytes built or items scanned.
  void charge_work(std::size_t units);
  // A string of `bytes` is about to be built: refuses one over the output
  // limit before it is allocated, and charges its bytes as work.
  void check_string(std::size_t bytes);
  // A list of `items` is about to be built.
  void check_items(std::size_t items);

  void enter_call();
  void leave_call() noexcept { --call_depth_; }

 private:
  const RenderLimits& limits_;
  std::size_t steps_ = 0;
  std::size_t work_ = 0;
  std::size_t call_depth_ = 0;
};

}  // namespace hearth::chat::jinja
