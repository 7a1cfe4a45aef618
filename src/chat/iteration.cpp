#include "iteration.h"

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {

bool is_iterable(const Value& value) noexcept {
  switch (value.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::string:
    case Value::Kind::array:
    case Value::Kind::dict:
    case Value::Kind::iterator:
      return true;
    default:
      return false;
  }
}

std::vector<Value> iterate(const Value& value, RenderBudget& budget) {
  std::vector<Value> items;
  switch (value.kind()) {
    case Value::Kind::undefined:
      break;
    case Value::Kind::string:
      // A character costs a whole value: a long text must not become
      // millions of them.
      budget.check_items(code_point_count(value.as_string()));
      for (std::string& character : split_code_points(value.as_string())) {
        items.push_back(Value::string(std::move(character)));
      }
      break;
    case Value::Kind::array:
      items = value.as_array().items;
      break;
    case Value::Kind::iterator: {
      IteratorState& iterator = value.as_iterator();
      if (iterator.deferred_error) throw *iterator.deferred_error;
      items.assign(iterator.items.begin() + static_cast<std::ptrdiff_t>(iterator.position),
                   iterator.items.end());
      iterator.position = iterator.items.size();
      break;
    }
    case Value::Kind::dict:
      items.reserve(value.as_dict().size());
      for (const auto& entry : value.as_dict().entries())
        items.push_back(Value::string(entry.first));
      break;
    default:
      raise(ErrorKind::invalid_argument, "'{}' object is not iterable", value.type_name());
  }
  budget.charge_work(items.size());
  return items;
}

}  // namespace hearth::chat::jinja
