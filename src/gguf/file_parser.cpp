#include "file_parser.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "byte_reader.h"
#include "utf8.h"
#include "value_codec.h"

namespace hearth::gguf {
namespace {

constexpr std::uint32_t kNewestReadableVersion = 3;
// Name length, n_dims, one dimension, type, offset.
constexpr std::uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;
// Key length, value type, a one-byte value.
constexpr std::uint64_t kMinMetadataEntryBytes = 8 + 4 + 1;

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

// Where each tensor's fields sit in the file, for errors found after the
// tensor infos have all been read.
struct TensorInfoPosition {
  std::uint64_t name = 0;
  std::uint64_t offset_field = 0;
};

class Parser {
 public:
  Parser(std::span<const std::byte> image, std::string source, const ReadLimits& limits)
      : reader_(image, std::move(source)), limits_(limits) {}

  ParsedFile run() {
    read_header();
    read_metadata();
    read_tensor_infos();
    check_tensor_placement();
    return std::move(file_);
  }

 private:
  void read_header() {
    const std::span<const std::byte> magic = reader_.bytes(4, "the magic");
    if (magic[0] != std::byte{'G'} || magic[1] != std::byte{'G'} || magic[2] != std::byte{'U'} ||
        magic[3] != std::byte{'F'}) {
      const std::string_view text(reinterpret_cast<const char*>(magic.data()), magic.size());
      reader_.fail(ErrorKind::invalid_data, 0,
                   fmt::format("bad magic '{}' (expected 'GGUF')", printable(text)));
    }
    read_version();

    const std::uint64_t tensor_count_offset = reader_.position();
    tensor_count_ = reader_.u64("the tensor count");
    const std::uint64_t entry_count_offset = reader_.position();
    entry_count_ = reader_.u64("the metadata entry count");
    check_count(tensor_count_, "tensor", kMinTensorInfoBytes, limits_.max_tensors,
                tensor_count_offset);
    check_count(entry_count_, "metadata entry", kMinMetadataEntryBytes,
                limits_.max_metadata_entries, entry_count_offset);
  }

  void read_version() {
    const std::uint64_t offset = reader_.position();
    const std::uint32_t version = reader_.u32("the version");
    if (version == 1) {
      reader_.fail(ErrorKind::unsupported, offset,
                   "GGUF version 1 is no longer supported; convert the model again with a "
                   "current llama.cpp");
    }
    if (version == 0) reader_.fail(ErrorKind::invalid_data, offset, "version 0 is not valid");
    // A version written by a big-endian host reads as n << 24 here.
    if ((version & 0xffff) == 0) {
      reader_.fail(ErrorKind::unsupported, offset,
                   fmt::format("version {:#x} looks like a big-endian file, which hearth does "
                               "not read",
                               version));
    }
    if (version > kNewestReadableVersion) {
      reader_.fail(ErrorKind::unsupported, offset,
                   fmt::format("GGUF version {} is newer than the newest this reader knows ({})",
                               version, kNewestReadableVersion));
    }
    file_.version = version;
  }

  // A count is checked against the bytes left before it sizes any allocation.
  void check_count(std::uint64_t count, std::string_view noun, std::uint64_t min_bytes_each,
                   std::uint64_t limit, std::uint64_t offset) const {
    if (count > reader_.remaining() / min_bytes_each) {
      reader_.fail(ErrorKind::invalid_data, offset,
                   fmt::format("{} count {} cannot fit in the {} bytes after the header "
                               "(each takes at least {})",
                               noun, count, reader_.remaining(), min_bytes_each));
    }
    if (count > limit) {
      reader_.fail(ErrorKind::resource_exhausted, offset,
                   fmt::format("{} count {} is over the limit of {}", noun, count, limit));
    }
  }

  void read_metadata() {
    std::vector<KeyValue> entries;
    entries.reserve(static_cast<std::size_t>(entry_count_));
    // Keys view the image, so they stay put while `entries` grows.
    std::unordered_map<std::string_view, std::uint64_t> key_offsets;
    key_offsets.reserve(static_cast<std::size_t>(entry_count_));

    std::uint64_t array_items_left = limits_.max_total_array_items;
    for (std::uint64_t i = 0; i < entry_count_; ++i) {
      const std::uint64_t key_offset = reader_.position();
      const std::string_view key = reader_.string("a metadata key", limits_.max_string_bytes);
      if (key.empty()) {
        reader_.fail(ErrorKind::invalid_data, key_offset,
                     fmt::format("metadata entry {} has an empty key", i));
      }
      if (!is_valid_utf8(key)) {
        reader_.fail(ErrorKind::invalid_data, key_offset,
                     fmt::format("metadata key '{}' is not valid UTF-8", printable(key)));
      }
      const auto [first, inserted] = key_offsets.emplace(key, key_offset);
      if (!inserted) {
        reader_.fail(ErrorKind::invalid_data, key_offset,
                     fmt::format("duplicate metadata key '{}' (first at offset {})", printable(key),
                                 first->second));
      }
      const std::string shown_key = printable(key);

      const std::uint64_t type_offset = reader_.position();
      const std::uint32_t type_id = reader_.u32("a value type");
      if (!is_valid_value_type(type_id)) {
        reader_.fail(ErrorKind::invalid_data, type_offset,
                     fmt::format("key '{}' has value type {}, which is not a GGUF value type",
                                 shown_key, type_id));
      }
      const std::uint64_t value_offset = reader_.position();
      Value value = read_value(reader_, static_cast<ValueType>(type_id), limits_, shown_key,
                               array_items_left);
      if (key == kAlignmentKey) file_.alignment = checked_alignment(value, value_offset);
      entries.push_back(KeyValue{std::string(key), std::move(value)});
    }
    file_.metadata = Metadata(std::move(entries));
  }

  // llama.cpp reads general.alignment as a u32 and needs a power of two.
  std::uint64_t checked_alignment(const Value& value, std::uint64_t offset) const {
    const auto* alignment = value.get_if<std::uint32_t>();
    if (alignment == nullptr) {
      reader_.fail(ErrorKind::invalid_data, offset,
                   fmt::format("{} must be of type u32, not {}", kAlignmentKey,
                               value_type_name(value.type())));
    }
    if (*alignment == 0 || (*alignment & (*alignment - 1)) != 0) {
      reader_.fail(ErrorKind::invalid_data, offset,
                   fmt::format("{} is {}, which is not a power of two", kAlignmentKey, *alignment));
    }
    return *alignment;
  }

  void read_tensor_infos() {
    file_.tensors.reserve(static_cast<std::size_t>(tensor_count_));
    file_.tensor_index.reserve(static_cast<std::size_t>(tensor_count_));
    positions_.reserve(static_cast<std::size_t>(tensor_count_));
    for (std::uint64_t i = 0; i < tensor_count_; ++i) read_tensor_info();
    file_.data_offset = align_up(reader_.position(), file_.alignment);
  }

  void read_tensor_info() {
    TensorInfo tensor;
    TensorInfoPosition position;

    position.name = reader_.position();
    // A view, so even a huge name costs nothing before its length is refused.
    const std::string_view name =
        reader_.string("a tensor name", std::numeric_limits<std::uint64_t>::max());
    if (name.size() > kMaxTensorNameBytes) {
      reader_.fail(ErrorKind::invalid_data, position.name,
                   fmt::format("tensor name '{}' is {} bytes; ggml allows at most {}",
                               printable(name), name.size(), kMaxTensorNameBytes));
    }
    const auto [first, inserted] = file_.tensor_index.emplace(name, file_.tensors.size());
    if (!inserted) {
      reader_.fail(ErrorKind::invalid_data, position.name,
                   fmt::format("duplicate tensor name '{}' (first at offset {})", printable(name),
                               positions_[first->second].name));
    }
    tensor.name = std::string(name);
    const std::string shown_name = printable(name);

    read_shape(tensor, shown_name);

    const std::uint64_t type_offset = reader_.position();
    const std::uint32_t type_id = reader_.u32("a tensor type");
    const tensor::TypeTraits* traits = tensor::find_type_traits(type_id);
    if (traits == nullptr) {
      reader_.fail(ErrorKind::invalid_data, type_offset,
                   fmt::format("tensor '{}' has type id {}, which ggml never assigned or has "
                               "retired",
                               shown_name, type_id));
    }
    tensor.type = traits->type;
    if (tensor.shape[0] % traits->block_size != 0) {
      reader_.fail(ErrorKind::invalid_data, type_offset,
                   fmt::format("tensor '{}' has rows of {} elements, not a multiple of the {} "
                               "block size {}",
                               shown_name, tensor.shape[0], traits->name, traits->block_size));
    }
    const std::optional<std::uint64_t> size =
        tensor::bytes_for_elements(tensor.type, tensor.element_count());
    if (!size) {
      reader_.fail(ErrorKind::invalid_data, type_offset,
                   fmt::format("tensor '{}' of shape {} and type {} does not fit in 64-bit sizes",
                               shown_name, shape_text(tensor.shape), traits->name));
    }
    tensor.size_bytes = *size;

    position.offset_field = reader_.position();
    tensor.offset = reader_.u64("a tensor data offset");
    if (tensor.offset % file_.alignment != 0) {
      reader_.fail(ErrorKind::invalid_data, position.offset_field,
                   fmt::format("tensor '{}' data offset {} is not a multiple of the alignment {}",
                               shown_name, tensor.offset, file_.alignment));
    }

    file_.tensors.push_back(std::move(tensor));
    positions_.push_back(position);
  }

  // Every dimension is at least 1: ggml has no use for an empty tensor, and a
  // zero would hide an overflowing product of the others.
  void read_shape(TensorInfo& tensor, const std::string& shown_name) {
    const std::uint64_t dims_offset = reader_.position();
    const std::uint32_t dims = reader_.u32("a tensor dimension count");
    if (dims == 0 || dims > kMaxDimensions) {
      reader_.fail(ErrorKind::invalid_data, dims_offset,
                   fmt::format("tensor '{}' has {} dimensions; ggml allows 1 to {}", shown_name,
                               dims, kMaxDimensions));
    }
    tensor.shape.reserve(dims);
    std::uint64_t elements = 1;
    for (std::uint32_t d = 0; d < dims; ++d) {
      const std::uint64_t dim_offset = reader_.position();
      const std::uint64_t extent = reader_.u64("a tensor dimension");
      if (extent == 0) {
        reader_.fail(ErrorKind::invalid_data, dim_offset,
                     fmt::format("tensor '{}' dimension {} is 0", shown_name, d));
      }
      if (extent > kMaxTensorElements / elements) {
        reader_.fail(ErrorKind::invalid_data, dim_offset,
                     fmt::format("tensor '{}' has more than {} elements (dimension {} is {})",
                                 shown_name, kMaxTensorElements, d, extent));
      }
      elements *= extent;
      tensor.shape.push_back(extent);
    }
  }

  // Every tensor's bytes lie inside the file, and no two tensors share a byte.
  // Unlike llama.cpp this does not demand the tensors be packed in info order:
  // any placement that is aligned, in bounds and disjoint can be read safely.
  void check_tensor_placement() const {
    const std::uint64_t file_size = reader_.size();
    const std::uint64_t data_bytes =
        file_.data_offset <= file_size ? file_size - file_.data_offset : 0;
    for (std::size_t i = 0; i < file_.tensors.size(); ++i) {
      const TensorInfo& tensor = file_.tensors[i];
      if (tensor.offset > data_bytes || tensor.size_bytes > data_bytes - tensor.offset) {
        reader_.fail(ErrorKind::invalid_data, positions_[i].offset_field,
                     fmt::format("tensor '{}' data ({} bytes at data offset {}) runs past the "
                                 "end of the file ({} bytes, data section starts at {})",
                                 printable(tensor.name), tensor.size_bytes, tensor.offset,
                                 file_size, file_.data_offset));
      }
    }

    std::vector<std::size_t> by_offset(file_.tensors.size());
    for (std::size_t i = 0; i < by_offset.size(); ++i) by_offset[i] = i;
    // Stable, so of two tensors at one offset the later info is the one blamed.
    std::stable_sort(by_offset.begin(), by_offset.end(), [&](std::size_t a, std::size_t b) {
      return file_.tensors[a].offset < file_.tensors[b].offset;
    });
    for (std::size_t k = 1; k < by_offset.size(); ++k) {
      const TensorInfo& before = file_.tensors[by_offset[k - 1]];
      const TensorInfo& after = file_.tensors[by_offset[k]];
      const std::uint64_t before_end = before.offset + before.size_bytes;
      if (after.offset < before_end) {
        reader_.fail(
            ErrorKind::invalid_data, positions_[by_offset[k]].offset_field,
            fmt::format("tensors '{}' [{}, {}) and '{}' [{}, {}) overlap in the data "
                        "section",
                        printable(before.name), before.offset, before_end, printable(after.name),
                        after.offset, after.offset + after.size_bytes));
      }
    }
  }

  ByteReader reader_;
  const ReadLimits& limits_;
  std::uint64_t tensor_count_ = 0;
  std::uint64_t entry_count_ = 0;
  std::vector<TensorInfoPosition> positions_;
  ParsedFile file_;
};

}  // namespace

ParsedFile parse_file(std::span<const std::byte> image, std::string source,
                      const ReadLimits& limits) {
  return Parser(image, std::move(source), limits).run();
}

}  // namespace hearth::gguf
