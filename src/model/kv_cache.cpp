#include "hearth/model/kv_cache.h"

#include <memory>
#include <new>

#include "hearth/util/error.h"

namespace hearth::model {
namespace {

// Keys and values: two planes of identical layout.
constexpr std::size_t kPlanes = 2;

std::size_t bytes_of(tensor::TensorType type, std::uint64_t elements) {
  return static_cast<std::size_t>(tensor::bytes_for_elements(type, elements).value_or(0));
}

}  // namespace

std::uint64_t KvCache::bytes_needed(const Hyperparameters& hp, std::uint32_t context_length,
                                    std::uint32_t sequences, tensor::TensorType type) noexcept {
  return std::uint64_t{kPlanes} * hp.n_layer * sequences * context_length *
         bytes_of(type, hp.kv_width());
}

KvCache::KvCache(const Hyperparameters& hp, std::uint32_t context_length, std::uint32_t sequences,
                 tensor::TensorType type)
    : n_layer_(hp.n_layer),
      context_length_(context_length),
      sequences_(sequences),
      type_(type),
      row_bytes_(0),
      head_bytes_(0),
      size_bytes_(0) {
  if (!tensor::is_kv_cache_type(type)) {
    raise(ErrorKind::invalid_argument, "a KV cache cannot be {} (F16 or Q8_0)",
          tensor::type_name(type));
  }
  const std::uint32_t block = tensor::type_traits(type).block_size;
  if (hp.head_dim % block != 0) {
    raise(ErrorKind::invalid_argument,
          "a {} KV cache needs heads of a multiple of {} values; this model's have {}",
          tensor::type_name(type), block, hp.head_dim);
  }
  if (context_length == 0 || sequences == 0 || hp.n_layer == 0) {
    raise(ErrorKind::invalid_argument, "a KV cache needs a context and a sequence");
  }
  row_bytes_ = bytes_of(type, hp.kv_width());
  head_bytes_ = bytes_of(type, hp.head_dim);
  size_bytes_ = bytes_needed(hp, context_length, sequences, type);
  try {
    storage_ = std::make_unique_for_overwrite<std::byte[]>(size_bytes_);
  } catch (const std::bad_alloc&) {
    raise(ErrorKind::resource_exhausted, "cannot allocate a KV cache of {} bytes", size_bytes_);
  }
}

std::byte* KvCache::row(std::size_t plane, std::uint32_t layer, std::uint32_t sequence,
                        std::uint32_t position) noexcept {
  const std::size_t index =
      ((plane * n_layer_ + layer) * sequences_ + sequence) * std::size_t{context_length_} +
      position;
  return storage_.get() + index * row_bytes_;
}

std::byte* KvCache::keys(std::uint32_t layer, std::uint32_t sequence,
                         std::uint32_t position) noexcept {
  return row(0, layer, sequence, position);
}

std::byte* KvCache::values(std::uint32_t layer, std::uint32_t sequence,
                           std::uint32_t position) noexcept {
  return row(1, layer, sequence, position);
}

tensor::KvHeadView KvCache::key_head(std::uint32_t layer, std::uint32_t sequence,
                                     std::uint32_t head) noexcept {
  return {type_, keys(layer, sequence, 0) + head * head_bytes_, row_bytes_};
}

tensor::KvHeadView KvCache::value_head(std::uint32_t layer, std::uint32_t sequence,
                                       std::uint32_t head) noexcept {
  return {type_, values(layer, sequence, 0) + head * head_bytes_, row_bytes_};
}

}  // namespace hearth::model
