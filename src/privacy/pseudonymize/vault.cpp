#include "hearth/privacy/vault.h"

#include <utility>

#include "placeholder.h"
#include "sodium_support.h"
#include "vault_impl.h"

namespace hearth::privacy {

Vault::Impl::~Impl() {
  for (VaultEntry& entry : entries) {
    wipe(entry.canonical);
    wipe(entry.text);
  }
}

const VaultEntry& Vault::Impl::add(EntityType type, std::string canonical, std::string text) {
  const std::size_t number = ++issued_per_type[static_cast<std::size_t>(type)];
  VaultEntry& entry = entries.emplace_back(
      VaultEntry{type, std::move(canonical), std::move(text), format_placeholder(type, number)});
  by_placeholder.emplace(entry.placeholder, &entry);
  by_value.emplace(VaultValueKey{type, entry.canonical}, &entry);
  return entry;
}

Vault::Vault() : impl_(std::make_unique<Impl>()) {}
Vault::~Vault() = default;
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;

std::string Vault::placeholder_for(EntityType type, std::string_view text,
                                   std::string_view normalized) {
  // A moved-from vault starts over empty rather than failing.
  if (!impl_) impl_ = std::make_unique<Impl>();
  const std::string_view canonical = normalized.empty() ? text : normalized;
  if (const auto found = impl_->by_value.find(VaultValueKey{type, canonical});
      found != impl_->by_value.end()) {
    return found->second->placeholder;
  }
  return impl_->add(type, std::string(canonical), std::string(text)).placeholder;
}

std::optional<std::string_view> Vault::value_of(std::string_view placeholder) const {
  if (!impl_) return std::nullopt;
  const auto found = impl_->by_placeholder.find(placeholder);
  if (found == impl_->by_placeholder.end()) return std::nullopt;
  return std::string_view(found->second->text);
}

std::size_t Vault::size() const noexcept {
  return impl_ ? impl_->entries.size() : 0;
}

}  // namespace hearth::privacy
