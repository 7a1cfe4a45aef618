// GGUF metadata values: the thirteen scalar/string/array types of the format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth::gguf {

// On-disk type ids (gguf_type).
enum class ValueType : std::uint32_t {
  uint8 = 0,
  int8 = 1,
  uint16 = 2,
  int16 = 3,
  uint32 = 4,
  int32 = 5,
  float32 = 6,
  boolean = 7,
  string = 8,
  array = 9,
  uint64 = 10,
  int64 = 11,
  float64 = 12,
};

// "u8", "i32", "f32", "bool", "str", "arr", ...; "?" for an unknown id.
std::string_view value_type_name(ValueType type) noexcept;
bool is_valid_value_type(std::uint32_t id) noexcept;

class Value;

// A homogeneous array. Arrays of arrays are allowed by the format; each inner
// array carries its own element type.
struct Array {
  ValueType element_type = ValueType::uint8;
  std::vector<Value> items;

  bool operator==(const Array&) const = default;
};

class Value {
 public:
  using Storage = std::variant<std::uint8_t, std::int8_t, std::uint16_t, std::int16_t,
                               std::uint32_t, std::int32_t, float, bool, std::string, Array,
                               std::uint64_t, std::int64_t, double>;

  Value() : storage_(std::uint8_t{0}) {}
  template <typename T>
  Value(T&& value)  // NOLINT: implicit by design
      requires std::is_constructible_v<Storage, T&&> : storage_(std::forward<T>(value)) {}
  Value(const char* text) : storage_(std::string(text)) {}  // NOLINT

  // Variant alternative order mirrors ValueType ids, so the index is the id.
  ValueType type() const noexcept { return static_cast<ValueType>(storage_.index()); }
  const Storage& storage() const noexcept { return storage_; }

  template <typename T>
  const T* get_if() const noexcept {
    return std::get_if<T>(&storage_);
  }

  // Any integer type widened, when it fits; nullopt otherwise (a bool is not
  // a number: a count stored as bool is a broken file, not a 0 or 1).
  std::optional<std::int64_t> as_int() const noexcept;
  std::optional<std::uint64_t> as_uint() const noexcept;
  // Any number type as double.
  std::optional<double> as_double() const noexcept;
  const std::string* as_string() const noexcept { return get_if<std::string>(); }
  const Array* as_array() const noexcept { return get_if<Array>(); }

  bool operator==(const Value&) const = default;

 private:
  Storage storage_;
};

// Convenience constructors for arrays.
Array make_string_array(const std::vector<std::string>& items);
Array make_float_array(const std::vector<float>& items);
Array make_int32_array(const std::vector<std::int32_t>& items);

struct KeyValue {
  std::string key;
  Value value;

  bool operator==(const KeyValue&) const = default;
};

// Ordered metadata (file order is kept so files round-trip byte for byte).
class Metadata {
 public:
  Metadata() = default;
  // Takes `entries` in their order. Throws Error(invalid_argument) naming the
  // first key that appears twice.
  explicit Metadata(std::vector<KeyValue> entries);

  const std::vector<KeyValue>& entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }

  const Value* find(std::string_view key) const noexcept;
  bool contains(std::string_view key) const noexcept { return find(key) != nullptr; }

  // Typed lookups: nullopt when missing or of an incompatible type.
  std::optional<std::string_view> get_string(std::string_view key) const noexcept;
  std::optional<std::uint64_t> get_uint(std::string_view key) const noexcept;
  std::optional<std::int64_t> get_int(std::string_view key) const noexcept;
  std::optional<double> get_double(std::string_view key) const noexcept;
  std::optional<bool> get_bool(std::string_view key) const noexcept;
  const Array* get_array(std::string_view key) const noexcept;

  // Replaces the value of an existing key in place, or appends a new one.
  void set(std::string key, Value value);
  // Removes `key`; returns whether it was present.
  bool erase(std::string_view key);

  bool operator==(const Metadata&) const = default;

 private:
  std::vector<KeyValue> entries_;
};

}  // namespace hearth::gguf
