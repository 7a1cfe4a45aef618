// The vault's storage, shared by its in-memory half (vault.cpp) and its file
// half (vault_file.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hearth/privacy/entity.h"
#include "hearth/privacy/vault.h"

namespace hearth::privacy {

struct VaultEntry {
  EntityType type = EntityType::person;
  std::string canonical;    // the value placeholders are keyed on
  std::string text;         // what restoration puts back: the first occurrence's text
  std::string placeholder;  // "<PERSON_1>"
};

struct VaultValueKey {
  EntityType type;
  std::string_view canonical;
  bool operator==(const VaultValueKey&) const = default;
};

struct VaultValueKeyHash {
  std::size_t operator()(const VaultValueKey& key) const noexcept {
    return std::hash<std::string_view>{}(key.canonical) * 31 + static_cast<std::size_t>(key.type);
  }
};

struct Vault::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // The values are what the vault exists to protect: their bytes are wiped
  // rather than left in freed memory.
  ~Impl();

  // Issues the next placeholder of the type. The caller has checked that
  // (type, canonical) is new.
  const VaultEntry& add(EntityType type, std::string canonical, std::string text);

  // Entries in the order they were issued, which numbers them: the file
  // format stores only this order. A deque, so the indexes below can keep
  // views into the entries.
  std::deque<VaultEntry> entries;
  std::unordered_map<std::string_view, const VaultEntry*> by_placeholder;
  std::unordered_map<VaultValueKey, const VaultEntry*, VaultValueKeyHash> by_value;
  std::array<std::size_t, kEntityTypeCount> issued_per_type{};
};

}  // namespace hearth::privacy
