#include "hearth/gguf/writer.h"

#include <fmt/ranges.h>

#include <limits>
#include <utility>

#include "byte_writer.h"
#include "hearth/gguf/file.h"
#include "hearth/util/atomic_file.h"
#include "hearth/util/error.h"
#include "utf8.h"
#include "value_codec.h"

namespace hearth::gguf {
namespace {

bool is_valid_alignment(std::uint64_t alignment) {
  return alignment != 0 && (alignment & (alignment - 1)) == 0 &&
         alignment <= std::numeric_limits<std::uint32_t>::max();
}

std::uint64_t padding_after(std::uint64_t size, std::uint64_t alignment) {
  return (alignment - size % alignment) % alignment;
}

}  // namespace

Writer::Writer(std::uint32_t version) : version_(version) {
  if (version != 2 && version != 3) {
    raise(ErrorKind::invalid_argument, "gguf: cannot write version {}; only 2 and 3", version);
  }
}

void Writer::set_alignment(std::uint64_t alignment) {
  if (!is_valid_alignment(alignment)) {
    raise(ErrorKind::invalid_argument, "gguf: alignment {} is not a power of two that fits a u32",
          alignment);
  }
  metadata_.set(std::string(kAlignmentKey), static_cast<std::uint32_t>(alignment));
}

void Writer::add_tensor(std::string name, std::vector<std::uint64_t> shape, tensor::TensorType type,
                        std::vector<std::byte> data) {
  if (name.size() > kMaxTensorNameBytes) {
    raise(ErrorKind::invalid_argument, "gguf: tensor name '{}' is {} bytes; ggml allows {}",
          printable(name), name.size(), kMaxTensorNameBytes);
  }
  for (const PendingTensor& existing : tensors_) {
    if (existing.name == name) {
      raise(ErrorKind::invalid_argument, "gguf: tensor '{}' is added twice", printable(name));
    }
  }
  if (shape.empty() || shape.size() > kMaxDimensions) {
    raise(ErrorKind::invalid_argument, "gguf: tensor '{}' has {} dimensions; ggml allows 1 to {}",
          printable(name), shape.size(), kMaxDimensions);
  }
  std::uint64_t elements = 1;
  for (const std::uint64_t extent : shape) {
    if (extent == 0 || extent > kMaxTensorElements / elements) {
      raise(ErrorKind::invalid_argument,
            "gguf: tensor '{}' shape [{}] has a zero dimension or more than {} elements",
            printable(name), fmt::join(shape, ", "), kMaxTensorElements);
    }
    elements *= extent;
  }
  const tensor::TypeTraits* traits = tensor::find_type_traits(static_cast<std::uint32_t>(type));
  if (traits == nullptr) {
    raise(ErrorKind::invalid_argument, "gguf: tensor '{}' has unknown type id {}", printable(name),
          static_cast<std::uint32_t>(type));
  }
  if (shape[0] % traits->block_size != 0) {
    raise(ErrorKind::invalid_argument,
          "gguf: tensor '{}' has rows of {} elements, not a multiple of the {} block size {}",
          printable(name), shape[0], traits->name, traits->block_size);
  }
  const std::optional<std::uint64_t> size = tensor::bytes_for_elements(type, elements);
  if (!size || *size != data.size()) {
    raise(ErrorKind::invalid_argument,
          "gguf: tensor '{}' of shape [{}] and type {} needs {} bytes, got {}", printable(name),
          fmt::join(shape, ", "), traits->name, size ? fmt::format("{}", *size) : "too many",
          data.size());
  }
  tensors_.push_back(PendingTensor{std::move(name), std::move(shape), type, std::move(data)});
}

std::uint64_t Writer::layout_alignment() const {
  const Value* value = metadata_.find(kAlignmentKey);
  if (value == nullptr) return kDefaultAlignment;
  const auto* alignment = value->get_if<std::uint32_t>();
  if (alignment == nullptr || !is_valid_alignment(*alignment)) {
    raise(ErrorKind::invalid_argument, "gguf: {} must be a u32 power of two", kAlignmentKey);
  }
  return *alignment;
}

std::vector<std::byte> Writer::encode_head(std::uint64_t alignment) const {
  std::vector<std::byte> head;
  ByteWriter out(head);
  out.u32(kMagic);
  out.u32(version_);
  out.u64(tensors_.size());
  out.u64(metadata_.size());

  for (const KeyValue& entry : metadata_.entries()) {
    // The reader refuses these, so the writer must never produce them.
    if (entry.key.empty() || !is_valid_utf8(entry.key)) {
      raise(ErrorKind::invalid_argument, "gguf: metadata key '{}' is empty or not UTF-8",
            printable(entry.key));
    }
    out.string(entry.key);
    out.u32(static_cast<std::uint32_t>(entry.value.type()));
    write_value(out, entry.value, entry.key);
  }

  std::uint64_t offset = 0;
  for (const PendingTensor& tensor : tensors_) {
    out.string(tensor.name);
    out.u32(static_cast<std::uint32_t>(tensor.shape.size()));
    for (const std::uint64_t extent : tensor.shape) out.u64(extent);
    out.u32(static_cast<std::uint32_t>(tensor.type));
    out.u64(offset);
    offset += tensor.data.size() + padding_after(tensor.data.size(), alignment);
  }
  out.zeros(padding_after(out.size(), alignment));
  return head;
}

std::vector<std::byte> Writer::to_bytes() const {
  const std::uint64_t alignment = layout_alignment();
  std::vector<std::byte> image = encode_head(alignment);
  ByteWriter out(image);
  for (const PendingTensor& tensor : tensors_) {
    out.bytes(tensor.data);
    out.zeros(padding_after(tensor.data.size(), alignment));
  }
  return image;
}

void Writer::write(const std::filesystem::path& path) const {
  const std::uint64_t alignment = layout_alignment();
  const std::vector<std::byte> head = encode_head(alignment);
  AtomicFile file(path);
  file.append(head);
  for (const PendingTensor& tensor : tensors_) {
    file.append(tensor.data);
    file.append_zeros(padding_after(tensor.data.size(), alignment));
  }
  file.commit();
}

}  // namespace hearth::gguf
