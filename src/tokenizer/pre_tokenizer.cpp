#include "pre_tokenizer.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "hearth/util/error.h"

namespace hearth::tokenizer::detail {
namespace {

// Class bits live in a uint32 per code point.
constexpr std::size_t kMaxClasses = 32;
constexpr std::uint32_t kWhitespaceBit = 1;  // classes_[0]

const PreTokenizerFamily& family_named(std::string_view name) {
  const PreTokenizerFamily* family = find_pre_tokenizer_family(name);
  if (family == nullptr) {
    raise(ErrorKind::unsupported, "pre-tokenizer '{}' (tokenizer.ggml.pre) is not supported", name);
  }
  return *family;
}

constexpr char32_t ascii_lower(char32_t c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

}  // namespace

// Matches the alternatives of one pass inside one piece [begin, end) of code
// points.
class PreTokenizer::Matcher {
 public:
  Matcher(std::string_view text, const PreTokenizerScratch& scratch, std::size_t begin,
          std::size_t end)
      : text_(text),
        classes_(scratch.classes.data()),
        byte_offsets_(scratch.byte_offsets.data()),
        begin_(begin),
        end_(end) {
    run_begin_.fill(1);
    run_end_.fill(0);
  }

  // Appends the ends of the pieces `pass` cuts [begin, end) into.
  void split(const std::vector<CompiledAlternative>& pass, std::vector<std::uint32_t>& ends) {
    std::size_t gap_begin = begin_;
    std::size_t position = begin_;
    while (position < end_) {
      std::size_t match_end = 0;
      if (!match_any(pass, position, match_end)) {
        ++position;
        continue;
      }
      if (gap_begin < position) ends.push_back(static_cast<std::uint32_t>(position));
      ends.push_back(static_cast<std::uint32_t>(match_end));
      position = gap_begin = match_end;
    }
    if (gap_begin < end_) ends.push_back(static_cast<std::uint32_t>(end_));
  }

 private:
  bool match_any(const std::vector<CompiledAlternative>& pass, std::size_t position,
                 std::size_t& match_end) {
    for (const CompiledAlternative& alternative : pass) {
      if (match(alternative, 0, position, match_end)) return true;
    }
    return false;
  }

  // Backtracking as a regex engine does: each run is tried longest first.
  bool match(const CompiledAlternative& alternative, std::size_t atom_index, std::size_t position,
             std::size_t& match_end) {
    if (atom_index == alternative.atom_count) {
      if (!lookahead_holds(alternative.lookahead, position)) return false;
      match_end = position;
      return true;
    }
    const CompiledAtom& atom = alternative.atoms[atom_index];
    if (atom.kind == Atom::Kind::contraction) {
      const std::size_t length = contraction_length(position, atom.letter_case);
      if (length > 0 && match(alternative, atom_index + 1, position + length, match_end)) {
        return true;
      }
      return atom.min == 0 && match(alternative, atom_index + 1, position, match_end);
    }
    const std::size_t longest =
        std::min<std::size_t>(run_length(atom.class_index, position), atom.max);
    if (longest < atom.min) return false;
    const bool last = atom_index + 1 == alternative.atom_count;
    if (last && alternative.lookahead == Lookahead::end_of_piece) {
      // Only the run that reaches the end can succeed; trying every shorter
      // one would make long runs quadratic.
      if (position + longest != end_) return false;
      match_end = end_;
      return true;
    }
    for (std::size_t count = longest;; --count) {
      if (match(alternative, atom_index + 1, position + count, match_end)) return true;
      if (count == atom.min) return false;
    }
  }

  bool lookahead_holds(Lookahead lookahead, std::size_t position) const {
    switch (lookahead) {
      case Lookahead::none:
        return true;
      case Lookahead::not_before_non_whitespace:
        return position == end_ || (classes_[position] & kWhitespaceBit) != 0;
      case Lookahead::end_of_piece:
        return position == end_;
    }
    return false;
  }

  // How many code points of class `class_index` follow `position`. The last
  // run found for each class is remembered, so scanning the same run again
  // from a later position inside it (as the regex search does after a
  // failed match) costs nothing.
  std::size_t run_length(std::uint8_t class_index, std::size_t position) {
    if (run_begin_[class_index] <= position && position <= run_end_[class_index]) {
      return run_end_[class_index] - position;
    }
    const std::uint32_t bit = std::uint32_t{1} << class_index;
    std::size_t run_end = position;
    while (run_end < end_ && (classes_[run_end] & bit) != 0) ++run_end;
    run_begin_[class_index] = position;
    run_end_[class_index] = run_end;
    return run_end - position;
  }

  // 's|'t|'re|'ve|'m|'ll|'d at `position`: its length, or 0.
  std::size_t contraction_length(std::size_t position, LetterCase letter_case) const {
    if (ascii_at(position) != '\'' || position + 1 >= end_) return 0;
    const auto fold = [&](char32_t c) {
      return letter_case == LetterCase::insensitive ? ascii_lower(c) : c;
    };
    const char32_t first = fold(ascii_at(position + 1));
    if (first == 's' || first == 't' || first == 'm' || first == 'd') return 2;
    if (position + 2 >= end_) return 0;
    const char32_t second = fold(ascii_at(position + 2));
    if ((first == 'r' && second == 'e') || (first == 'v' && second == 'e') ||
        (first == 'l' && second == 'l')) {
      return 3;
    }
    return 0;
  }

  // The code point at `position` when it is ASCII, else 0 (which no
  // contraction contains).
  char32_t ascii_at(std::size_t position) const {
    const auto byte = static_cast<unsigned char>(text_[byte_offsets_[position]]);
    return byte < 0x80 ? byte : 0;
  }

  std::string_view text_;
  const std::uint32_t* classes_;
  const std::uint32_t* byte_offsets_;
  std::size_t begin_;
  std::size_t end_;
  // Per class, the last run scanned: [run_begin_, run_end_), run_end_ being
  // the first position past it. Starts empty (begin > end).
  std::array<std::size_t, kMaxClasses> run_begin_;
  std::array<std::size_t, kMaxClasses> run_end_;
};

PreTokenizer::PreTokenizer(std::string_view name) : PreTokenizer(family_named(name)) {}

PreTokenizer::PreTokenizer(const PreTokenizerFamily& family)
    : ignore_merges_(family.ignore_merges) {
  class_index(CharClass::whitespace());
  for (const Pass& pass : family.passes) {
    std::vector<CompiledAlternative>& compiled_pass = passes_.emplace_back();
    for (const Alternative& alternative : pass) {
      CompiledAlternative compiled;
      compiled.atom_count = alternative.atom_count;
      compiled.lookahead = alternative.lookahead;
      std::size_t shortest_match = 0;
      for (std::size_t i = 0; i < alternative.atom_count; ++i) {
        const Atom& atom = alternative.atoms[i];
        CompiledAtom& compiled_atom = compiled.atoms[i];
        compiled_atom.kind = atom.kind;
        compiled_atom.min = atom.min;
        compiled_atom.max = atom.max;
        compiled_atom.letter_case = atom.letter_case;
        if (atom.kind == Atom::Kind::run) compiled_atom.class_index = class_index(atom.characters);
        shortest_match += atom.min;
      }
      // An alternative that matches empty text would stall the search, as
      // it does std::regex_iterator.
      if (shortest_match == 0) {
        raise(ErrorKind::internal, "pre-tokenizer '{}' has an alternative that matches nothing",
              family.names.front());
      }
      compiled_pass.push_back(compiled);
    }
  }
  for (std::size_t index = 0; index < classes_.size(); ++index) {
    const CharClass& characters = classes_[index];
    const std::uint32_t bit = std::uint32_t{1} << index;
    for (char32_t c = 0; c < 0x80; ++c) {
      if (characters.contains(c)) ascii_bits_[c] |= bit;
    }
    for (unsigned flags = 0; flags < kUnicodeFlagCombinations; ++flags) {
      if ((characters.categories() & flags) != 0) category_bits_[flags] |= bit;
    }
    if (!characters.ranges().empty()) ranged_classes_.push_back({bit, characters.ranges()});
    if (characters.negated()) negated_bits_ |= bit;
  }
}

std::uint8_t PreTokenizer::class_index(const CharClass& characters) {
  const auto known = std::find(classes_.begin(), classes_.end(), characters);
  if (known != classes_.end()) return static_cast<std::uint8_t>(known - classes_.begin());
  if (classes_.size() == kMaxClasses) {
    raise(ErrorKind::internal, "a pre-tokenizer family uses more than {} character classes",
          kMaxClasses);
  }
  classes_.push_back(characters);
  return static_cast<std::uint8_t>(classes_.size() - 1);
}

void PreTokenizer::classify(std::string_view text, PreTokenizerScratch& scratch) const {
  const UnicodeFlagTable& unicode = UnicodeFlagTable::instance();
  // Sized for the worst case (all ASCII) and trimmed after, so the loop
  // writes without checking capacity.
  scratch.classes.resize(text.size());
  scratch.byte_offsets.resize(text.size() + 1);
  std::uint32_t* classes = scratch.classes.data();
  std::uint32_t* byte_offsets = scratch.byte_offsets.data();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t count = 0;
  for (std::size_t i = 0; i < size; ++count) {
    byte_offsets[count] = static_cast<std::uint32_t>(i);
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      classes[count] = ascii_bits_[lead];
      ++i;
      continue;
    }
    // The text is valid UTF-8; the clamp only keeps a broken promise from
    // reading past the end.
    const std::size_t length = std::min<std::size_t>(lead >= 0xF0   ? 4
                                                     : lead >= 0xE0 ? 3
                                                                    : 2,
                                                     size - i);
    char32_t code_point = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) code_point = code_point << 6 | (bytes[i + k] & 0x3F);
    i += length;
    const std::uint8_t flags = unicode.flags(code_point);
    if (flags & kWhitespace) {
      classes[count] = ascii_bits_[U'\v'];
      continue;
    }
    std::uint32_t bits = category_bits_[flags];
    for (const RangedClass& ranged : ranged_classes_) {
      for (const CodePointRange range : ranged.ranges) {
        if (code_point >= range.first && code_point <= range.last) {
          bits |= ranged.bit;
          break;
        }
      }
    }
    classes[count] = bits ^ negated_bits_;
  }
  byte_offsets[count] = static_cast<std::uint32_t>(size);
  scratch.classes.resize(count);
  scratch.byte_offsets.resize(count + 1);
}

std::span<const std::uint32_t> PreTokenizer::split(std::string_view text,
                                                   PreTokenizerScratch& scratch) const {
  scratch.piece_ends.clear();
  if (text.empty()) return {};
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    raise(ErrorKind::resource_exhausted, "cannot pre-tokenize {} bytes at once (4 GiB at most)",
          text.size());
  }
  classify(text, scratch);
  scratch.piece_ends.push_back(static_cast<std::uint32_t>(scratch.classes.size()));
  for (const std::vector<CompiledAlternative>& pass : passes_) {
    scratch.next_piece_ends.clear();
    std::size_t begin = 0;
    for (const std::uint32_t end : scratch.piece_ends) {
      Matcher(text, scratch, begin, end).split(pass, scratch.next_piece_ends);
      begin = end;
    }
    std::swap(scratch.piece_ends, scratch.next_piece_ends);
  }
  for (std::uint32_t& end : scratch.piece_ends) end = scratch.byte_offsets[end];
  return scratch.piece_ends;
}

}  // namespace hearth::tokenizer::detail
