// libFuzzer target for the GGUF reader. Any input must either parse or be
// refused with hearth::Error: never crash, hang, leak or allocate wildly. A
// file that parses must also survive a rewrite: writing what was read and
// reading that back has to give the same file again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "fuzz_read_limits.h"
#include "hearth/gguf/file.h"
#include "hearth/gguf/writer.h"
#include "hearth/util/error.h"

namespace {

using hearth::gguf::File;
using hearth::gguf::Value;

// Reading every byte lets ASan catch a span that strays outside the input.
std::uint64_t checksum(std::span<const std::byte> bytes) {
  std::uint64_t sum = 0;
  for (const std::byte b : bytes) sum = sum * 31 + static_cast<std::uint8_t>(b);
  return sum;
}

std::uint64_t checksum(const Value& value) {
  if (const std::string* text = value.as_string()) return checksum(std::as_bytes(std::span(*text)));
  if (const hearth::gguf::Array* array = value.as_array()) {
    std::uint64_t sum = array->items.size();
    for (const Value& item : array->items) sum = sum * 31 + checksum(item);
    return sum;
  }
  return value.as_uint().value_or(0) + value.as_int().value_or(0) +
         static_cast<std::uint64_t>(value.as_double().value_or(0.0) != 0.0);
}

void require(bool condition) {
  if (!condition) std::abort();
}

std::vector<std::byte> rewrite(const File& file) {
  hearth::gguf::Writer writer(file.version());
  for (const auto& entry : file.metadata().entries()) writer.metadata().set(entry.key, entry.value);
  for (const hearth::gguf::TensorInfo& tensor : file.tensors()) {
    const std::span<const std::byte> data = file.tensor_data(tensor);
    writer.add_tensor(tensor.name, tensor.shape, tensor.type, {data.begin(), data.end()});
  }
  return writer.to_bytes();
}

void check_parsed(const File& file, std::span<const std::byte> input) {
  volatile std::uint64_t sink = 0;
  for (const auto& entry : file.metadata().entries()) {
    sink = sink + checksum(entry.value);
    require(file.metadata().find(entry.key) == &entry.value);
  }
  for (const hearth::gguf::TensorInfo& tensor : file.tensors()) {
    const std::span<const std::byte> data = file.tensor_data(tensor);
    require(data.size() == tensor.size_bytes);
    require(data.data() >= input.data() &&
            data.data() + data.size() <= input.data() + input.size());
    require(file.find_tensor(tensor.name) == &tensor);
    sink = sink + checksum(data);
  }

  // The writer must accept whatever the reader accepted, and its output must
  // read back to the same file: rewriting that gives identical bytes.
  try {
    const std::vector<std::byte> first = rewrite(file);
    const File reread = File::parse(first, hearth::fuzzing::fuzz_read_limits());
    require(rewrite(reread) == first);
  } catch (const hearth::Error&) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> input = std::as_bytes(std::span(data, size));
  try {
    const File file = File::parse(input, hearth::fuzzing::fuzz_read_limits());
    check_parsed(file, input);
  } catch (const hearth::Error&) {
    // Refusing malformed input is the expected outcome.
  }
  return 0;
}
