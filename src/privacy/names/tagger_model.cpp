#include "tagger_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

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

namespace {

// The slot a hash's probe starts at: the first of a cache line.
std::size_t first_slot(std::uint32_t hash, std::size_t mask, std::size_t per_line) {
  return (static_cast<std::size_t>(hash >> 1) & mask) & ~(per_line - 1);
}

}  // namespace

WeightTable::WeightTable(const TaggerModel& model) : scale_(model.scale) {
  // At most half full: a probe leaves its first line for 2% of the features
  // the model has and 7% of those it does not (3/4 full measured slower).
  const std::size_t capacity =
      std::bit_ceil(std::max<std::size_t>(16, model.feature_hashes.size() * 2));
  lines_.assign(capacity / kSlotsPerLine, Line{});
  for (std::size_t row = 0; row < model.feature_hashes.size(); ++row) {
    const std::uint32_t hash = model.feature_hashes[row];
    std::size_t index = first_slot(hash, capacity - 1, kSlotsPerLine);
    while (slot(index).hash != 0) index = (index + 1) & (capacity - 1);
    slot(index).hash = hash;
    std::copy_n(model.weights.begin() + static_cast<std::ptrdiff_t>(row * kTagCount), kTagCount,
                slot(index).weights.begin());
  }
  transitions_.resize(model.transitions.size());
  for (std::size_t i = 0; i < model.transitions.size(); ++i) {
    transitions_[i] = static_cast<float>(model.transitions[i]) * model.scale;
  }
}

std::array<std::int32_t, kTagCount> WeightTable::weights_of(std::uint32_t hash) const {
  std::array<std::int32_t, kTagCount> weights{};
  const std::size_t mask = lines_.size() * kSlotsPerLine - 1;
  for (std::size_t index = first_slot(hash, mask, kSlotsPerLine);; index = (index + 1) & mask) {
    const Slot& s = slot(index);
    if (s.hash == hash) {
      std::copy(s.weights.begin(), s.weights.end(), weights.begin());
      return weights;
    }
    if (s.hash == 0) return weights;
  }
}

void WeightTable::score_reference(std::span<const std::uint32_t> features,
                                  std::span<const std::uint32_t> offsets,
                                  std::span<float> scores) const {
  for (std::size_t token = 0; token + 1 < offsets.size(); ++token) {
    std::array<std::int32_t, kTagCount> sums{};
    for (std::size_t f = offsets[token]; f < offsets[token + 1]; ++f) {
      const std::array<std::int32_t, kTagCount> weights = weights_of(features[f]);
      for (std::size_t t = 0; t < kTagCount; ++t) sums[t] += weights[t];
    }
    for (std::size_t t = 0; t < kTagCount; ++t) {
      scores[token * kTagCount + t] = static_cast<float>(sums[t]) * scale_;
    }
  }
}

#if defined(__SSE2__)
void WeightTable::score(std::span<const std::uint32_t> features,
                        std::span<const std::uint32_t> offsets, std::span<float> scores) const {
  const std::size_t line_mask = lines_.size() - 1;
  const auto line_of = [&](std::uint32_t hash) {
    return first_slot(hash, lines_.size() * kSlotsPerLine - 1, kSlotsPerLine) / kSlotsPerLine;
  };
  const __m128i zero = _mm_setzero_si128();
  // The lines of the features a few ahead are requested while this one is
  // read: lookups are independent, so their cache misses overlap (a request
  // usually finds the table out of cache).
  constexpr std::size_t kPrefetchDistance = 8;
  for (std::size_t f = 0; f < std::min(kPrefetchDistance, features.size()); ++f) {
    _mm_prefetch(reinterpret_cast<const char*>(&lines_[line_of(features[f])]), _MM_HINT_T0);
  }
  for (std::size_t token = 0; token + 1 < offsets.size(); ++token) {
    // 16 signed 16-bit sums, one per byte of a slot; lanes 4..12 are the
    // tags' weights. A token has at most 87 features (every list class on
    // itself and four neighbours), each weight at most 127 in size: 11,049
    // at most, no overflow.
    __m128i low = zero;
    __m128i high = zero;
    for (std::size_t f = offsets[token]; f < offsets[token + 1]; ++f) {
      if (f + kPrefetchDistance < features.size()) {
        _mm_prefetch(
            reinterpret_cast<const char*>(&lines_[line_of(features[f + kPrefetchDistance])]),
            _MM_HINT_T0);
      }
      const std::uint32_t hash = features[f];
      const __m128i wanted = _mm_set1_epi32(static_cast<std::int32_t>(hash));
      // Without branches on the first line (where the search ends almost
      // always): each slot's bytes are kept when its hash matches, and at
      // most one does. Hit or miss is unpredictable, so a branch per slot
      // would be mispredicted often.
      for (std::size_t line = line_of(hash);; line = (line + 1) & line_mask) {
        const Slot* slots = lines_[line].slots.data();
        __m128i found = zero;
        __m128i empty = zero;
        for (std::size_t i = 0; i < kSlotsPerLine; ++i) {
          const __m128i bytes = _mm_load_si128(reinterpret_cast<const __m128i*>(slots + i));
          const __m128i key = _mm_shuffle_epi32(bytes, 0);
          found = _mm_or_si128(found, _mm_and_si128(bytes, _mm_cmpeq_epi32(key, wanted)));
          empty = _mm_or_si128(empty, _mm_cmpeq_epi32(key, zero));
        }
        const __m128i sign = _mm_cmpgt_epi8(zero, found);
        low = _mm_add_epi16(low, _mm_unpacklo_epi8(found, sign));
        high = _mm_add_epi16(high, _mm_unpackhi_epi8(found, sign));
        // Done when it was found (the hash bytes are odd, never zero) or a
        // slot is empty; otherwise the probe goes on to the next line.
        const bool hit =
            _mm_movemask_epi8(_mm_cmpeq_epi32(_mm_shuffle_epi32(found, 0), wanted)) != 0;
        if (hit || _mm_movemask_epi8(empty) != 0) break;
      }
    }
    alignas(16) std::array<std::int16_t, 16> sums{};
    _mm_store_si128(reinterpret_cast<__m128i*>(sums.data()), low);
    _mm_store_si128(reinterpret_cast<__m128i*>(sums.data() + 8), high);
    for (std::size_t t = 0; t < kTagCount; ++t) {
      scores[token * kTagCount + t] = static_cast<float>(sums[4 + t]) * scale_;
    }
  }
}
#else
void WeightTable::score(std::span<const std::uint32_t> features,
                        std::span<const std::uint32_t> offsets, std::span<float> scores) const {
  score_reference(features, offsets, scores);
}
#endif

}  // namespace hearth::privacy::names
