#include "hearth/gguf/file.h"

#include <cassert>
#include <utility>

#include "file_parser.h"
#include "hearth/util/mapped_file.h"

namespace hearth::gguf {

std::uint64_t TensorInfo::element_count() const noexcept {
  std::uint64_t count = 1;
  for (const std::uint64_t extent : shape) count *= extent;
  return count;
}

struct File::State {
  MappedFile map;  // empty when the caller holds the image
  std::span<const std::byte> image;
  ParsedFile parsed;
};

File File::open(const std::filesystem::path& path, const ReadLimits& limits) {
  auto state = std::make_unique<State>();
  state->map = MappedFile::open(path);
  state->image = state->map.bytes();
  state->parsed = parse_file(state->image, path.string(), limits);
  return File(std::move(state));
}

File File::parse(std::span<const std::byte> bytes, const ReadLimits& limits) {
  auto state = std::make_unique<State>();
  state->image = bytes;
  state->parsed = parse_file(bytes, {}, limits);
  return File(std::move(state));
}

File::File(std::unique_ptr<State> state) : state_(std::move(state)) {}
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;
File::~File() = default;

std::uint32_t File::version() const noexcept {
  return state_->parsed.version;
}
const Metadata& File::metadata() const noexcept {
  return state_->parsed.metadata;
}
std::span<const TensorInfo> File::tensors() const noexcept {
  return state_->parsed.tensors;
}

const TensorInfo* File::find_tensor(std::string_view name) const noexcept {
  const auto found = state_->parsed.tensor_index.find(name);
  if (found == state_->parsed.tensor_index.end()) return nullptr;
  return &state_->parsed.tensors[found->second];
}

std::uint64_t File::alignment() const noexcept {
  return state_->parsed.alignment;
}
std::uint64_t File::data_offset() const noexcept {
  return state_->parsed.data_offset;
}
std::uint64_t File::file_size() const noexcept {
  return state_->image.size();
}

std::span<const std::byte> File::tensor_data(const TensorInfo& tensor) const noexcept {
  // Parsing proved every tensor of this file lies inside the image.
  assert(state_->parsed.data_offset + tensor.offset + tensor.size_bytes <= state_->image.size());
  return state_->image.subspan(static_cast<std::size_t>(state_->parsed.data_offset + tensor.offset),
                               static_cast<std::size_t>(tensor.size_bytes));
}

}  // namespace hearth::gguf
