#include "tagger_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>

#include "hearth/util/error.h"

namespace hearth::privacy::names {
namespace {

constexpr std::string_view kMagic = "HNAMETAG";

std::uint64_t fnv1a(std::span<const std::uint8_t> bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class Writer {
 public:
  void bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), p, p + size);
  }
  template <typename T>
  void value(T v) {
    std::uint8_t raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) std::reverse(raw, raw + sizeof(T));
    bytes(raw, sizeof(T));
  }
  std::vector<std::uint8_t>& out() { return out_; }

 private:
  std::vector<std::uint8_t> out_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::span<const std::uint8_t> take(std::size_t size, std::string_view what) {
    if (size > bytes_.size() - pos_) {
      raise(ErrorKind::invalid_data, "name tagger model: truncated in {} (offset {})", what, pos_);
    }
    const auto part = bytes_.subspan(pos_, size);
    pos_ += size;
    return part;
  }
  template <typename T>
  T value(std::string_view what) {
    const auto raw = take(sizeof(T), what);
    std::uint8_t copy[sizeof(T)];
    std::memcpy(copy, raw.data(), sizeof(T));
    if constexpr (std::endian::native == std::endian::big) std::reverse(copy, copy + sizeof(T));
    T v;
    std::memcpy(&v, copy, sizeof(T));
    return v;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<std::uint8_t> serialize_model(const TaggerModel& model) {
  Writer writer;
  writer.bytes(kMagic.data(), kMagic.size());
  writer.value<std::uint32_t>(kTaggerModelVersion);
  writer.value<std::uint32_t>(kTagCount);
  writer.value<std::uint32_t>(kGazetteerClassCount);
  writer.value<float>(model.scale);
  writer.value<std::uint32_t>(static_cast<std::uint32_t>(model.feature_hashes.size()));
  writer.value<std::uint32_t>(static_cast<std::uint32_t>(model.gazetteer.size()));
  for (const std::int16_t t : model.transitions) writer.value<std::int16_t>(t);
  for (const std::uint32_t hash : model.feature_hashes) writer.value<std::uint32_t>(hash);
  writer.bytes(model.weights.data(), model.weights.size());
  for (const GazetteerEntry& entry : model.gazetteer) {
    writer.value<std::uint16_t>(entry.classes);
    writer.value<std::uint8_t>(static_cast<std::uint8_t>(entry.phrase.size()));
    writer.bytes(entry.phrase.data(), entry.phrase.size());
  }
  writer.value<std::uint64_t>(fnv1a(writer.out()));
  return std::move(writer.out());
}

TaggerModel parse_model(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < sizeof(std::uint64_t)) {
    raise(ErrorKind::invalid_data, "name tagger model: {} bytes is too short", bytes.size());
  }
  const auto body = bytes.first(bytes.size() - sizeof(std::uint64_t));
  Reader reader(body);
  const auto magic = reader.take(kMagic.size(), "magic");
  if (std::memcmp(magic.data(), kMagic.data(), kMagic.size()) != 0) {
    raise(ErrorKind::invalid_data, "name tagger model: bad magic");
  }
  const auto version = reader.value<std::uint32_t>("version");
  if (version != kTaggerModelVersion) {
    raise(ErrorKind::invalid_data, "name tagger model: version {} (expected {})", version,
          kTaggerModelVersion);
  }
  const auto tags = reader.value<std::uint32_t>("tag count");
  const auto classes = reader.value<std::uint32_t>("class count");
  if (tags != kTagCount || classes != kGazetteerClassCount) {
    raise(ErrorKind::invalid_data, "name tagger model: {} tags and {} classes (expected {} and {})",
          tags, classes, kTagCount, kGazetteerClassCount);
  }
  TaggerModel model;
  model.scale = reader.value<float>("scale");
  if (!std::isfinite(model.scale) || model.scale <= 0) {
    raise(ErrorKind::invalid_data, "name tagger model: scale {} is not a positive number",
          model.scale);
  }
  const auto feature_count = reader.value<std::uint32_t>("feature count");
  const auto entry_count = reader.value<std::uint32_t>("gazetteer count");
  // Checked against the bytes present before anything is sized by them.
  const std::size_t needed = model.transitions.size() * 2 +
                             static_cast<std::size_t>(feature_count) * (4 + kTagCount) +
                             static_cast<std::size_t>(entry_count) * 3;
  if (needed > reader.remaining()) {
    raise(ErrorKind::invalid_data, "name tagger model: counts need {} bytes, {} present", needed,
          reader.remaining());
  }
  for (std::int16_t& t : model.transitions) t = reader.value<std::int16_t>("transitions");
  model.feature_hashes.resize(feature_count);
  for (std::uint32_t i = 0; i < feature_count; ++i) {
    const auto hash = reader.value<std::uint32_t>("feature hashes");
    if ((hash & 1u) == 0 || (i > 0 && hash <= model.feature_hashes[i - 1])) {
      raise(ErrorKind::invalid_data, "name tagger model: feature hash {} out of order or even", i);
    }
    model.feature_hashes[i] = hash;
  }
  const auto weights = reader.take(static_cast<std::size_t>(feature_count) * kTagCount, "weights");
  model.weights.assign(reinterpret_cast<const std::int8_t*>(weights.data()),
                       reinterpret_cast<const std::int8_t*>(weights.data()) + weights.size());
  model.gazetteer.resize(entry_count);
  for (GazetteerEntry& entry : model.gazetteer) {
    entry.classes = reader.value<std::uint16_t>("gazetteer classes");
    const auto length = reader.value<std::uint8_t>("gazetteer length");
    if (entry.classes == 0 || (entry.classes & ~kAllClassesMask) != 0 || length == 0) {
      raise(ErrorKind::invalid_data, "name tagger model: malformed gazetteer entry");
    }
    const auto phrase = reader.take(length, "gazetteer phrase");
    entry.phrase.assign(reinterpret_cast<const char*>(phrase.data()), phrase.size());
  }
  if (reader.remaining() != 0) {
    raise(ErrorKind::invalid_data, "name tagger model: {} unexpected bytes before the checksum",
          reader.remaining());
  }
  Reader tail(bytes.last(sizeof(std::uint64_t)));
  if (tail.value<std::uint64_t>("checksum") != fnv1a(body)) {
    raise(ErrorKind::invalid_data, "name tagger model: checksum mismatch");
  }
  return model;
}

WeightTable::WeightTable(const TaggerModel& model) {
  const std::size_t capacity =
      std::bit_ceil(std::max<std::size_t>(16, model.feature_hashes.size() * 2));
  slots_.assign(capacity, Slot{});
  for (std::size_t row = 0; row < model.feature_hashes.size(); ++row) {
    const std::uint32_t hash = model.feature_hashes[row];
    std::size_t slot = (hash >> 1) & (capacity - 1);
    while (slots_[slot].hash != 0) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = {hash, static_cast<std::uint32_t>(row)};
  }
  weights_.resize(model.weights.size());
  for (std::size_t i = 0; i < model.weights.size(); ++i) {
    weights_[i] = static_cast<float>(model.weights[i]) * model.scale;
  }
  transitions_.resize(model.transitions.size());
  for (std::size_t i = 0; i < model.transitions.size(); ++i) {
    transitions_[i] = static_cast<float>(model.transitions[i]) * model.scale;
  }
}

void WeightTable::accumulate(std::span<const std::uint32_t> features,
                             std::span<float> scores) const {
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint32_t hash : features) {
    for (std::size_t slot = (hash >> 1) & mask;; slot = (slot + 1) & mask) {
      const Slot& s = slots_[slot];
      if (s.hash == hash) {
        const float* row = weights_.data() + static_cast<std::size_t>(s.row) * kTagCount;
        for (std::size_t t = 0; t < kTagCount; ++t) scores[t] += row[t];
        break;
      }
      if (s.hash == 0) break;
    }
  }
}

}  // namespace hearth::privacy::names
