#include "hearth/gguf/value.h"

#include <limits>
#include <type_traits>
#include <unordered_set>

#include "hearth/util/error.h"

namespace hearth::gguf {
namespace {

template <typename T>
constexpr bool kIsInteger = std::is_integral_v<T> && !std::is_same_v<T, bool>;

template <typename T>
constexpr bool kIsNumber = kIsInteger<T> || std::is_floating_point_v<T>;

template <typename T, typename Make>
Array make_array(ValueType element_type, const std::vector<T>& items, Make make) {
  Array array{element_type, {}};
  array.items.reserve(items.size());
  for (const T& item : items) array.items.emplace_back(make(item));
  return array;
}

}  // namespace

std::string_view value_type_name(ValueType type) noexcept {
  switch (type) {
    case ValueType::uint8:
      return "u8";
    case ValueType::int8:
      return "i8";
    case ValueType::uint16:
      return "u16";
    case ValueType::int16:
      return "i16";
    case ValueType::uint32:
      return "u32";
    case ValueType::int32:
      return "i32";
    case ValueType::float32:
      return "f32";
    case ValueType::boolean:
      return "bool";
    case ValueType::string:
      return "str";
    case ValueType::array:
      return "arr";
    case ValueType::uint64:
      return "u64";
    case ValueType::int64:
      return "i64";
    case ValueType::float64:
      return "f64";
  }
  return "?";
}

bool is_valid_value_type(std::uint32_t id) noexcept {
  return id <= static_cast<std::uint32_t>(ValueType::float64);
}

std::optional<std::int64_t> Value::as_int() const noexcept {
  return std::visit(
      [](const auto& value) -> std::optional<std::int64_t> {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::uint64_t>) {
          if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
          }
          return static_cast<std::int64_t>(value);
        } else if constexpr (kIsInteger<T>) {
          return static_cast<std::int64_t>(value);
        } else {
          return std::nullopt;
        }
      },
      storage_);
}

std::optional<std::uint64_t> Value::as_uint() const noexcept {
  return std::visit(
      [](const auto& value) -> std::optional<std::uint64_t> {
        using T = std::decay_t<decltype(value)>;
        if constexpr (kIsInteger<T> && std::is_signed_v<T>) {
          if (value < 0) return std::nullopt;
          return static_cast<std::uint64_t>(value);
        } else if constexpr (kIsInteger<T>) {
          return static_cast<std::uint64_t>(value);
        } else {
          return std::nullopt;
        }
      },
      storage_);
}

std::optional<double> Value::as_double() const noexcept {
  return std::visit(
      [](const auto& value) -> std::optional<double> {
        using T = std::decay_t<decltype(value)>;
        if constexpr (kIsNumber<T>) {
          return static_cast<double>(value);
        } else {
          return std::nullopt;
        }
      },
      storage_);
}

Array make_string_array(const std::vector<std::string>& items) {
  return make_array(ValueType::string, items, [](const std::string& item) { return item; });
}

Array make_float_array(const std::vector<float>& items) {
  return make_array(ValueType::float32, items, [](float item) { return item; });
}

Array make_int32_array(const std::vector<std::int32_t>& items) {
  return make_array(ValueType::int32, items, [](std::int32_t item) { return item; });
}

Metadata::Metadata(std::vector<KeyValue> entries) : entries_(std::move(entries)) {
  // Views into entries_ stay valid: the vector is not touched while `seen` lives.
  std::unordered_set<std::string_view> seen;
  seen.reserve(entries_.size());
  for (const KeyValue& entry : entries_) {
    if (!seen.insert(entry.key).second) {
      raise(ErrorKind::invalid_argument, "metadata key '{}' appears more than once", entry.key);
    }
  }
}

const Value* Metadata::find(std::string_view key) const noexcept {
  for (const KeyValue& entry : entries_) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

std::optional<std::string_view> Metadata::get_string(std::string_view key) const noexcept {
  const Value* value = find(key);
  if (value == nullptr || value->as_string() == nullptr) return std::nullopt;
  return std::string_view(*value->as_string());
}

std::optional<std::uint64_t> Metadata::get_uint(std::string_view key) const noexcept {
  const Value* value = find(key);
  return value == nullptr ? std::nullopt : value->as_uint();
}

std::optional<std::int64_t> Metadata::get_int(std::string_view key) const noexcept {
  const Value* value = find(key);
  return value == nullptr ? std::nullopt : value->as_int();
}

std::optional<double> Metadata::get_double(std::string_view key) const noexcept {
  const Value* value = find(key);
  return value == nullptr ? std::nullopt : value->as_double();
}

std::optional<bool> Metadata::get_bool(std::string_view key) const noexcept {
  const Value* value = find(key);
  if (value == nullptr || value->get_if<bool>() == nullptr) return std::nullopt;
  return *value->get_if<bool>();
}

const Array* Metadata::get_array(std::string_view key) const noexcept {
  const Value* value = find(key);
  return value == nullptr ? nullptr : value->as_array();
}

void Metadata::set(std::string key, Value value) {
  for (KeyValue& entry : entries_) {
    if (entry.key == key) {
      entry.value = std::move(value);
      return;
    }
  }
  entries_.push_back(KeyValue{std::move(key), std::move(value)});
}

bool Metadata::erase(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

}  // namespace hearth::gguf
