// The per-conversation map between placeholders and the values they stand
// for. It stays in memory; it has no printing or logging support on purpose.
// It can be persisted encrypted (XChaCha20-Poly1305 with a key derived from a
// passphrase by Argon2id, via libsodium).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hearth/privacy/entity.h"

namespace hearth::privacy {

class Vault {
 public:
  Vault();
  ~Vault();
  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  // The placeholder for a value, creating one on first sight: <PERSON_1>,
  // <PERSON_2>, <EMAIL_1>, ... The same (type, canonical value) always gets
  // the same placeholder within this vault; canonical is the finding's
  // normalized form when it has one, else its text.
  std::string placeholder_for(EntityType type, std::string_view text,
                              std::string_view normalized = {});

  // The original text behind a placeholder of this vault ("<PERSON_1>"),
  // nullopt when this vault never issued it.
  std::optional<std::string_view> value_of(std::string_view placeholder) const;

  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }

  // Encrypted persistence. The file is written atomically (temporary file +
  // rename) with mode 0600. open throws Error(invalid_data) for a wrong
  // passphrase or a damaged file, Error(not_found)/Error(io) as usual.
  void save(const std::filesystem::path& path, std::string_view passphrase) const;
  static Vault open(const std::filesystem::path& path, std::string_view passphrase);
  std::string seal(std::string_view passphrase) const;  // the file's bytes
  static Vault unseal(std::string_view sealed, std::string_view passphrase);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::privacy
