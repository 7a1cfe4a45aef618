#include "render_budget.h"

#include <algorithm>

#include "hearth/util/error.h"

namespace hearth::chat::jinja {

void RenderBudget::count_step() {
  if (++steps_ > limits_.max_steps) {
    raise(ErrorKind::resource_exhausted,
          "the template ran more than {} loop iterations and macro calls", limits_.max_steps);
  }
}

void RenderBudget::charge_work(std::size_t units) {
  work_ = units > limits_.max_work - std::min(work_, limits_.max_work) ? limits_.max_work + 1
                                                                       : work_ + units;
  if (work_ > limits_.max_work) {
    raise(ErrorKind::resource_exhausted, "the template computed more than {} bytes and items",
          limits_.max_work);
  }
}

void RenderBudget::check_string(std::size_t bytes) {
  if (bytes > limits_.max_output_bytes) {
    raise(ErrorKind::resource_exhausted, "the template built a string over {} bytes",
          limits_.max_output_bytes);
  }
  charge_work(bytes);
}

void RenderBudget::check_items(std::size_t items) {
  if (items > limits_.max_list_items) {
    raise(ErrorKind::resource_exhausted, "the template built a list over {} items",
          limits_.max_list_items);
  }
  charge_work(items);
}

void RenderBudget::enter_call() {
  count_step();
  if (call_depth_ == limits_.max_call_depth) {
    raise(ErrorKind::resource_exhausted, "macro calls nested more than {} deep",
          limits_.max_call_depth);
  }
  ++call_depth_;
}

}  // namespace hearth::chat::jinja
